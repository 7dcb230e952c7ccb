import { firstValueFrom, take, toArray } from 'rxjs';
import { v4 } from 'uuid';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { WrongExpectedRevisionError } from '../errors';
import { chainKeys } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEsdbClient } from './fake-esdb-client.test-kit';

const enrolled = { type: 'QualificationAcquired', data: { name: '山田 太郎' } };

// The adapter's own logic against a stand-in that behaves like the server in what matters here.
describeEventStoreContract('EventStoreDB adapter over an in-memory stand-in', () => {
  const client = new FakeEsdbClient();
  const store = new EventStoreDbEventStore(client, { resubscribeDelayMs: 5 });
  return Promise.resolve({
    store,
    reopen: () => Promise.resolve(new EventStoreDbEventStore(client)),
    dispose: () => store.close(),
  });
});

describe('EventStoreDB adapter', () => {
  let client: FakeEsdbClient;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    client = new FakeEsdbClient();
    store = new EventStoreDbEventStore(client, { resubscribeDelayMs: 5 });
  });

  it('writes with the exact revision it read, and retries an "any" append when another writer moved the stream', async () => {
    await store.append('insured-123455-A', [enrolled], 'no_stream');
    client.beforeAppend = () =>
      void client.appendToStream(
        'insured-123455-A',
        [{ id: v4(), type: 'CardRegistered', data: {}, metadata: {}, contentType: 'application/json' } as never],
        { expectedRevision: 'any' },
      );
    const result = await store.append('insured-123455-A', [enrolled], 'any');
    expect(result.revision).toBe(2);
    expect(client.appendCalls).toBe(4);
  });

  it('reports a conflict with the actual revision when the caller expected an exact one', async () => {
    await store.append('insured-123455-A', [enrolled], 'no_stream');
    client.beforeAppend = () =>
      void client.appendToStream(
        'insured-123455-A',
        [{ id: v4(), type: 'CardRegistered', data: {}, metadata: {}, contentType: 'application/json' } as never],
        { expectedRevision: 'any' },
      );
    await expect(store.append('insured-123455-A', [enrolled], 0)).rejects.toEqual(
      new WrongExpectedRevisionError('insured-123455-A', 0, 1),
    );
  });

  it("keeps the recorded time it hashed, apart from the server's own", async () => {
    const clocked = new EventStoreDbEventStore(client, { clock: () => new Date('2025-04-01T00:00:00.000Z') });
    const { events } = await clocked.append('insured-123455-B', [enrolled], 'no_stream');
    expect(events[0]!.recordedAt).toBe('2025-04-01T00:00:00.000Z');
    expect(events[0]!.metadata).not.toHaveProperty('$recordedAt');
    expect(events[0]!.metadata[chainKeys.hash]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resubscribes from the last position delivered after a dropped connection, without duplicates', async () => {
    await store.append('insured-123455-C', [enrolled, enrolled], 'no_stream');
    const received = firstValueFrom(
      store.subscribeToAll({ filter: { streamPrefixes: ['insured-123455-C'] } }).pipe(take(4), toArray()),
    );
    await new Promise((wait) => setTimeout(wait, 20));
    client.dropSubscriptions = true;
    await store.append('insured-123455-C', [enrolled, enrolled], 1);
    const events = await received;
    expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3]);
  });

  it('stands in for the server in refusing to read or subscribe from a position no record starts at', async () => {
    const { position } = await store.append('insured-123455-E', [enrolled], 'no_stream');
    const inside = { commit: BigInt(position + 1), prepare: BigInt(position + 1) };
    const first = async (reads: AsyncIterable<unknown>) => {
      for await (const read of reads) return read;
    };
    await expect(first(client.readAll({ fromPosition: inside }))).rejects.toThrow('invalid position');
    await expect(first(client.subscribeToAll({ fromPosition: inside }))).rejects.toThrow('invalid position');
  });

  it("reads metadata the client could not decode (another application's bytes) as none, and passes the event on", async () => {
    await store.append('insured-123455-E', [enrolled, enrolled], 'no_stream');
    const foreign = client.log.at(-1)!;
    client.log[client.log.length - 1] = { ...foreign, metadata: new Uint8Array([123, 34]) };

    const events = [];
    for await (const event of store.readStream('insured-123455-E')) events.push(event);

    expect(events.map((event) => event.revision)).toEqual([0, 1]);
    expect(events[1]!.metadata).toEqual({});
    expect(events[1]!.recordedAt).toBe(foreign.created.toISOString());
  });

  it('hides system events and reports the head of the log', async () => {
    expect(await store.headPosition()).toBe(0);
    const { position } = await store.append('insured-123455-D', [enrolled], 'no_stream');
    expect(await store.headPosition()).toBe(position);
  });
});
