import { evolve, initialState, type InsuredPersonState, storedEvent } from '@ledger/domain';
import { type EventStore, type ReadStreamOptions, SqliteEventStore } from '@ledger/event-store';
import { enrolledEvent as enrolled } from './person-events.test-kit';
import { withUnappliedEvents } from './unapplied-events';

const stream = 'insured-123455-P1';
const registered = { type: 'CardRegistered', data: { registeredOn: '2024-05-01', channel: 'portal' } };
const restricted = { type: 'ViewingRestrictionFiled', data: { filedOn: '2025-02-01', scope: 'non-disclosure' } };
const looked = { type: 'PersonLookedUp', data: { lookedUpOn: '2025-01-10', view: 'qualification' } };
const moved = (address: string) => ({
  type: 'QualificationDetailsChanged',
  data: { effectiveOn: '2025-03-01', address },
});

/** The state a projector at `checkpoint` holds: the fold of the stream's events up to it. */
async function projectedAt(store: EventStore, checkpoint: number): Promise<InsuredPersonState> {
  let state = initialState;
  for await (const event of store.readStream(stream)) {
    if (event.position <= checkpoint) state = evolve(state, storedEvent(event));
  }
  return state;
}

/** Counts the events each read yields, to show what a state already current costs. */
function countingReads(store: EventStore): { readonly counts: number[] } {
  const counts: number[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = (name: string, options?: ReadStreamOptions) => {
    const index = counts.push(0) - 1;
    return (async function* () {
      for await (const event of readStream(name, options)) {
        counts[index]! += 1;
        yield event;
      }
    })();
  };
  return { counts };
}

describe('a read-model state with the events the projector has not applied yet', () => {
  let store: SqliteEventStore;

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
  });

  afterEach(() => store.close());

  it('R30: folds in a viewing restriction committed after the checkpoint', async () => {
    const { position: checkpoint } = await store.append(stream, [enrolled, registered], 'no_stream');
    await store.append(stream, [restricted], 1);
    const state = await withUnappliedEvents(store, stream, await projectedAt(store, checkpoint), checkpoint);
    expect(state.viewingRestriction).toBeDefined();
    expect(state).toEqual(await projectedAt(store, Number.MAX_SAFE_INTEGER));
  });

  it('folds many unapplied events oldest first, across pages of the backwards read', async () => {
    const { position: checkpoint } = await store.append(stream, [enrolled], 'no_stream');
    const addresses = Array.from({ length: 30 }, (_, index) => `住所 ${index}`);
    await store.append(stream, [looked, ...addresses.map(moved)], 0);
    const state = await withUnappliedEvents(store, stream, await projectedAt(store, checkpoint), checkpoint);
    expect(state).toEqual(await projectedAt(store, Number.MAX_SAFE_INTEGER));
  });

  it('reads no event when the state is current, however long the stream', async () => {
    await store.append(stream, [enrolled, ...Array.from({ length: 50 }, () => looked)], 'no_stream');
    const checkpoint = await store.headPosition();
    const current = await projectedAt(store, checkpoint);
    const { counts } = countingReads(store);
    expect(await withUnappliedEvents(store, stream, current, checkpoint)).toBe(current);
    expect(counts).toEqual([]);
  });

  it('reads only the unapplied events when the checkpoint is behind the stream', async () => {
    const before = [enrolled, registered, ...Array.from({ length: 50 }, () => looked)];
    const { position: checkpoint } = await store.append(stream, before, 'no_stream');
    await store.append(stream, [looked, restricted], before.length - 1);
    const projected = await projectedAt(store, checkpoint);
    const { counts } = countingReads(store);
    const state = await withUnappliedEvents(store, stream, projected, checkpoint);
    expect(state.viewingRestriction).toBeDefined();
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(3);
  });
});
