import { Readable } from 'node:stream';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { FakeEsdbClient } from '../eventstoredb/fake-esdb-client.test-kit';
import { chainKeys, type RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { summarizeLog } from '../verify-log';
import { chainHash } from '../hash-chain';
import { verifyChain } from '../verify-chain';
import { copyLog, MigrationMismatchError, migrationTargetOptions, ReplayedClock } from './copy-log';

async function embeddedLedger(): Promise<SqliteEventStore> {
  let tick = Date.parse('2025-01-06T00:00:00Z');
  const store = new SqliteEventStore({ path: ':memory:', clock: () => new Date((tick += 60_000)) });
  for (const person of ['A', 'B', 'C']) {
    await store.append(
      `insured-123455-${person}`,
      [
        { type: 'QualificationAcquired', data: { name: `山田 ${person}` }, metadata: { actor: 'clerk-1' } },
        { type: 'CardRegistered', data: { channel: 'portal' } },
      ],
      'no_stream',
    );
  }
  await store.append('insured-123455-A', [{ type: 'QualificationLost', data: { reason: 'moved-out' } }], 1);
  await store.append('insured-123455-B', [{ type: 'EligibilityChecked', data: { method: 'card' } }], 1);
  return store;
}

async function all(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  for await (const event of events) found.push(event);
  return found;
}

async function* interruptedAfter(count: number, events: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> {
  let seen = 0;
  for await (const event of events) {
    if (seen === count) throw new Error('interrupted');
    seen += 1;
    yield event;
  }
}

const essentials = ({ id, stream, revision, type, data, recordedAt, metadata }: RecordedEvent) => ({
  id,
  stream,
  revision,
  type,
  data,
  recordedAt,
  metadata,
});

describe('migrating an embedded ledger into EventStoreDB (in-memory stand-in)', () => {
  let source: SqliteEventStore;
  let client: FakeEsdbClient;
  let clock: ReplayedClock;
  let target: EventStoreDbEventStore;

  beforeEach(async () => {
    source = await embeddedLedger();
    client = new FakeEsdbClient();
    clock = new ReplayedClock();
    target = new EventStoreDbEventStore(client, migrationTargetOptions(clock));
  });

  afterEach(() => source.close());

  it('R41: copies every event with its id, order, recorded time and hash; the digests match', async () => {
    expect(await copyLog(source, target, clock)).toEqual({ copied: 8, alreadyHeld: 0 });
    const copied = await all(target.readAll());
    expect(copied.map(essentials)).toEqual((await all(source.readAll())).map(essentials));
    const [before, after] = [await summarizeLog(source), await summarizeLog(target)];
    expect(after.verification).toEqual({ eventsChecked: 8, streamsChecked: 3 });
    expect(after.digest).toBe(before.digest);
  });

  it('copies events appended together in one append, and reports progress', async () => {
    const progress: number[] = [];
    await copyLog(source, target, clock, (events) => progress.push(events));
    expect(client.appendCalls).toBe(5);
    expect(progress).toEqual([2, 4, 6, 7, 8]);
  });

  it('resumes an interrupted copy without writing any event twice', async () => {
    const interrupted = { readAll: () => interruptedAfter(3, source.readAll()) };
    await expect(copyLog(interrupted, target, clock)).rejects.toThrow('interrupted');
    expect(await all(target.readAll())).toHaveLength(2);
    expect(await copyLog(source, target, clock)).toEqual({ copied: 6, alreadyHeld: 2 });
    const copied = await all(target.readAll());
    expect(copied.map((event) => event.id)).toEqual((await all(source.readAll())).map((event) => event.id));
    expect((await summarizeLog(target)).digest).toBe((await summarizeLog(source)).digest);
  });

  it('resumes a copy of a stream longer than the window in which the target looks for repeated ids', async () => {
    const long = new SqliteEventStore({ path: ':memory:' });
    const events = () =>
      Array.from({ length: 600 }, (_, index) => ({ type: 'EligibilityChecked', data: { method: 'card', index } }));
    await long.append('insured-123455-L', events(), 'no_stream');
    await long.append('insured-123455-L', events(), 599);
    await long.append('insured-123455-M', [{ type: 'QualificationAcquired', data: { name: '後' } }], 'no_stream');
    await long.append('insured-123455-M', [{ type: 'CardRegistered', data: { channel: 'portal' } }], 0);
    try {
      const interrupted = { readAll: () => interruptedAfter(1201, long.readAll()) };
      await expect(copyLog(interrupted, target, clock)).rejects.toThrow('interrupted');
      expect(await all(target.readStream('insured-123455-L'))).toHaveLength(1200);
      expect(await copyLog(long, target, clock)).toEqual({ copied: 2, alreadyHeld: 1200 });
      expect((await summarizeLog(target)).digest).toBe((await summarizeLog(long)).digest);
    } finally {
      await long.close();
    }
  });

  it('copies a stream whose recorded times go back, as an earlier build stamped them, with each hash', async () => {
    const stream = 'insured-123455-E';
    const link = (revision: number, recordedAt: string, previousHash: string | null): RecordedEvent => {
      const content = { id: `0195a1c0-7d7e-7000-8000-00000000000${revision}`, stream, revision, recordedAt };
      const event = { ...content, type: 'QualificationAcquired', data: { revision }, metadata: {}, previousHash };
      const hash = chainHash(event);
      return {
        ...event,
        position: revision + 1,
        metadata: { [chainKeys.hash]: hash, [chainKeys.previousHash]: previousHash },
      };
    };
    const first = link(0, '2025-01-06T00:00:10.000Z', null);
    const earlier = link(1, '2025-01-06T00:00:05.000Z', first.metadata[chainKeys.hash] as string);
    const log = (): AsyncIterable<RecordedEvent> => Readable.from([first, earlier]);
    expect(await verifyChain(log())).toEqual({ eventsChecked: 2, streamsChecked: 1 });
    expect(await copyLog({ readAll: log }, target, clock)).toEqual({ copied: 2, alreadyHeld: 0 });
    const copied = await all(target.readStream(stream));
    expect(copied.map((event) => event.recordedAt)).toEqual([first.recordedAt, earlier.recordedAt]);
    expect(await verifyChain(target.readAll())).toEqual({ eventsChecked: 2, streamsChecked: 1 });
  });

  it('refuses a target that already holds other events in a stream of the ledger', async () => {
    await target.append('insured-123455-A', [{ type: 'QualificationAcquired', data: { name: '別人' } }], 'no_stream');
    await expect(copyLog(source, target, clock)).rejects.toBeInstanceOf(MigrationMismatchError);
    const heads = (await all(target.readAll())).map((event) => event.metadata[chainKeys.hash]);
    expect(heads).toHaveLength(1);
  });

  it('splits events recorded together into appends the target takes (1 MiB, 1000 events), keeping every hash', async () => {
    // Three appends within one millisecond read back as one group of 1.5 MB, over what one append may take.
    const together = new SqliteEventStore({ path: ':memory:', clock: () => new Date('2025-01-06T00:00:00.000Z') });
    const padding = 'x'.repeat(2000);
    for (let append = 0; append < 3; append += 1) {
      const events = Array.from({ length: 250 }, (_, index) => ({
        type: 'QualificationDetailsChanged',
        data: { padding, index },
      }));
      await together.append('insured-123455-T', events, append === 0 ? 'no_stream' : append * 250 - 1);
    }
    try {
      expect(await copyLog(together, target, clock)).toEqual({ copied: 750, alreadyHeld: 0 });
      expect(client.appendCalls).toBeGreaterThan(1);
      expect((await summarizeLog(target)).digest).toBe((await summarizeLog(together)).digest);
    } finally {
      await together.close();
    }
  });

  it('counts each event as EventStoreDB does against MaxAppendSize: with its metadata as written and its type', async () => {
    // 900 events appended at once: about 1 MB of data, metadata and chain keys, and 162 KB more of their long type.
    const together = new SqliteEventStore({ path: ':memory:', clock: () => new Date('2025-01-06T00:00:00.000Z') });
    const type = `Qualification${'Detail'.repeat(12)}Changed`;
    const events = Array.from({ length: 900 }, (_, index) => ({ type, data: { padding: 'x'.repeat(820), index } }));
    await together.append('insured-123455-T', events, 'no_stream');
    try {
      expect(await copyLog(together, target, clock)).toEqual({ copied: 900, alreadyHeld: 0 });
      expect(client.appendCalls).toBe(2);
      expect((await summarizeLog(target)).digest).toBe((await summarizeLog(together)).digest);
    } finally {
      await together.close();
    }
  });

  it('names the event whose copy came out with another hash', async () => {
    const drifting = new EventStoreDbEventStore(client, { clock: () => new Date('2030-01-01T00:00:00Z') });
    await expect(copyLog(source, drifting, clock)).rejects.toThrow(MigrationMismatchError);
    await expect(copyLog(source, drifting, clock)).rejects.toThrow(/insured-123455-A revision 0/);
  });
});
