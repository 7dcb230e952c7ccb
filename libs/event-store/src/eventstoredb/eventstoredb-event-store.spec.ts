import { AccessDeniedError, UnavailableError, UnknownError } from '@eventstore/db-client';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { v4 } from 'uuid';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventStoreLimitError, WrongExpectedRevisionError } from '../errors';
import { chainKeys, type RecordedEvent } from '../event-store.port';
import { EventStoreDbEventStore, type SubscriptionDrop } from './eventstoredb-event-store';
import { FakeEsdbClient } from './fake-esdb-client.test-kit';

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  for await (const event of events) found.push(event);
  return found;
}

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
  /** What the store reported dropped: every test that expects none can say so. */
  let drops: SubscriptionDrop[];

  beforeEach(() => {
    client = new FakeEsdbClient();
    drops = [];
    store = new EventStoreDbEventStore(client, {
      resubscribeDelayMs: 5,
      onSubscriptionDropped: (drop) => drops.push(drop),
    });
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

  it('R42: a clock set back (another replica, a correction) stamps no event of a stream before the one it follows', async () => {
    let now = new Date('2025-06-01T00:00:10.000Z');
    const clocked = new EventStoreDbEventStore(client, { clock: () => now });
    await clocked.append('insured-123455-C', [enrolled], 'no_stream');
    now = new Date('2025-06-01T00:00:05.000Z');
    const { events } = await clocked.append('insured-123455-C', [enrolled], 0);
    expect(events[0]!.recordedAt).toBe('2025-06-01T00:00:10.000Z');
    // Another stream has no earlier event to follow: the clock's own time.
    const other = await clocked.append('insured-123455-D', [enrolled], 'no_stream');
    expect(other.events[0]!.recordedAt).toBe('2025-06-01T00:00:05.000Z');
  });

  it('resubscribes from the last position delivered after a dropped connection, without duplicates, and says so', async () => {
    const { position } = await store.append('insured-123455-C', [enrolled, enrolled], 'no_stream');
    const received = firstValueFrom(
      store.subscribeToAll({ filter: { streamPrefixes: ['insured-123455-C'] } }).pipe(take(4), toArray()),
    );
    await new Promise((wait) => setTimeout(wait, 20));
    client.dropSubscriptions = true;
    await store.append('insured-123455-C', [enrolled, enrolled], 1);
    const events = await received;
    expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3]);
    expect(drops).toEqual([{ error: expect.any(UnavailableError) as unknown, resumingAfter: position }]);
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

  it('leaves no read call open: appends, heads, a read cut short by maxCount or by its reader, a stream not found', async () => {
    await store.append('insured-123455-F', [enrolled, enrolled, enrolled], 'no_stream');
    await store.append('insured-123455-F', [enrolled], 'any');
    await store.headPosition();
    await store.streamHeadPosition('insured-123455-F');
    await store.streamHeadPosition('insured-123455-none');
    for await (const _ of store.readAll({ maxCount: 1 })) void _;
    for await (const _ of store.readStream('insured-123455-F')) break;
    expect(client.openReads).toBe(0);
  });

  it("refuses an append over the server's MaxAppendSize as a limit of the port, writing nothing", async () => {
    client.maxAppendSize = 500;
    const big = { type: 'QualificationAcquired', data: { name: 'x'.repeat(400) } };
    await expect(store.append('insured-123455-G', [big], 'no_stream')).rejects.toEqual(
      new EventStoreLimitError(
        'APPEND_TOO_LARGE',
        'EventStoreDB refused the append to insured-123455-G: over its MaxAppendSize of 500 bytes',
      ),
    );
    expect(client.log.filter((event) => event.streamId === 'insured-123455-G')).toEqual([]);
  });

  it('meets a conflict the client answers rather than throws (throwOnAppendFailure=false) as one it throws', async () => {
    client.throwOnAppendFailure = false;
    await store.append('insured-123455-H', [enrolled], 'no_stream');
    const otherWriter = () =>
      void client.appendToStream(
        'insured-123455-H',
        [{ id: v4(), type: 'CardRegistered', data: {}, metadata: {}, contentType: 'application/json' } as never],
        { expectedRevision: 'any' },
      );
    client.beforeAppend = otherWriter;
    expect((await store.append('insured-123455-H', [enrolled], 'any')).revision).toBe(2);
    client.beforeAppend = otherWriter;
    await expect(store.append('insured-123455-H', [enrolled], 2)).rejects.toEqual(
      new WrongExpectedRevisionError('insured-123455-H', 2, 3),
    );
  });

  it('passes on a subscription error that would come again at every attempt, rather than resubscribe forever', async () => {
    await store.append('insured-123455-I', [enrolled], 'no_stream');
    client.failSubscriptions = new AccessDeniedError(undefined);
    await expect(lastValueFrom(store.subscribeToAll())).rejects.toBeInstanceOf(AccessDeniedError);
    // The server's INVALID_ARGUMENT, which the client leaves as UnknownError: from a position no record starts at.
    const { position } = await store.append('insured-123455-I', [enrolled], 0);
    await expect(lastValueFrom(store.subscribeToAll({ after: position + 1 }))).rejects.toThrow('invalid position');
    expect(drops).toEqual([]);
  });

  it('reports no drop when its subscriber leaves, and resumes a drop whose report fails', async () => {
    const left = store.subscribeToAll().subscribe();
    await new Promise((wait) => setTimeout(wait, 20));
    left.unsubscribe();
    await store.append('insured-123455-M', [enrolled], 'no_stream');
    await new Promise((wait) => setTimeout(wait, 20));
    expect(drops).toEqual([]);

    const reportFails = new EventStoreDbEventStore(client, {
      resubscribeDelayMs: 5,
      onSubscriptionDropped: () => {
        throw new Error('the log is full');
      },
    });
    const received = firstValueFrom(
      reportFails.subscribeToAll({ filter: { streamPrefixes: ['insured-123455-M'] } }).pipe(take(2), toArray()),
    );
    await new Promise((wait) => setTimeout(wait, 20));
    client.dropSubscriptions = true;
    await store.append('insured-123455-M', [enrolled], 0);
    expect((await received).map((event) => event.revision)).toEqual([0, 1]);
  });

  it.each([
    [
      'a stream reset on a node restart (INTERNAL)',
      Object.assign(new UnknownError(undefined, 'RST_STREAM'), { code: 13 }),
    ],
    ['a cluster the client cannot discover while it restarts', new Error('Failed to discover after 10 attempts.')],
    ['the server ending the call without an error', undefined],
  ])('resubscribes after any other drop, and says so: %s', async (_, failure) => {
    const { position } = await store.append('insured-123455-K', [enrolled], 'no_stream');
    const received = firstValueFrom(
      store.subscribeToAll({ filter: { streamPrefixes: ['insured-123455-K'] } }).pipe(take(2), toArray()),
    );
    await new Promise((wait) => setTimeout(wait, 20));
    if (failure) client.failSubscriptions = failure;
    else client.endSubscriptions = true;
    await store.append('insured-123455-K', [enrolled], 0);
    expect((await received).map((event) => event.revision)).toEqual([0, 1]);
    expect(drops).toEqual([{ error: failure, resumingAfter: position }]);
  });

  it('completes its subscriptions when the store closes: the closed call is not taken for a drop', async () => {
    const subscribe = jest.spyOn(client, 'subscribeToAll');
    const events = lastValueFrom(store.subscribeToAll().pipe(toArray()));
    await store.append('insured-123455-J', [enrolled], 'no_stream');
    await new Promise((wait) => setTimeout(wait, 20));
    await store.close();
    expect((await events).map((event) => event.stream)).toEqual(['insured-123455-J']);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(drops).toEqual([]);
  });

  it('refuses appends and reads once closed, as the embedded store does: the client itself goes on working', async () => {
    await store.append('insured-123455-L', [enrolled], 'no_stream');
    await store.close();
    await expect(store.append('insured-123455-L', [enrolled], 'any')).rejects.toThrow('the event store is closed');
    await expect(collect(store.readStream('insured-123455-L'))).rejects.toThrow('the event store is closed');
    await expect(collect(store.readAll())).rejects.toThrow('the event store is closed');
    expect(client.log.filter((event) => event.streamId === 'insured-123455-L')).toHaveLength(1);
  });

  it('writes nothing for an append that read its stream before the store closed, and opens no read once closed', async () => {
    const closing: EventStoreDbEventStore = new EventStoreDbEventStore(client, {
      // The clock is read between the stream's head and the write: the store closes right there.
      clock: () => {
        void closing.close();
        return new Date();
      },
    });
    await expect(closing.append('insured-123455-M', [enrolled], 'no_stream')).rejects.toThrow(
      'the event store is closed',
    );
    expect(client.appendCalls).toBe(0);
    const readStream = jest.spyOn(client, 'readStream');
    await expect(collect(closing.readStream('insured-123455-M'))).rejects.toThrow('the event store is closed');
    expect(readStream).not.toHaveBeenCalled();
  });

  describe('after a leader election, the first read that requires the leader fails (NotLeaderError)', () => {
    it('reads the head again when it met the old leader: nothing was written yet, and the append is made once', async () => {
      client.leaderReadsFailing.add(1);
      const result = await store.append('insured-123455-N', [enrolled], 'no_stream');
      expect(result.revision).toBe(0);
      expect(client.appendCalls).toBe(1);
      expect(client.log.filter((event) => event.streamId === 'insured-123455-N')).toHaveLength(1);
    });

    it('reads the written events back again when the read-back met it: the append that succeeded is answered', async () => {
      // The first leader read is the head, the second the read-back.
      client.leaderReadsFailing.add(2);
      const result = await store.append('insured-123455-N', [enrolled], 'no_stream');
      expect(result).toMatchObject({ revision: 0, position: Number(client.log.at(-1)!.position!.commit) });
      expect(client.appendCalls).toBe(1);
      expect(await collect(store.readStream('insured-123455-N'))).toHaveLength(1);
    });

    it('gives up after its attempts, having written nothing', async () => {
      for (let read = 1; read <= 5; read += 1) client.leaderReadsFailing.add(read);
      await expect(store.append('insured-123455-N', [enrolled], 'no_stream')).rejects.toThrow('Leader info available');
      expect(client.appendCalls).toBe(0);
    });
  });

  it('hides system events and reports the head of the log', async () => {
    expect(await store.headPosition()).toBe(0);
    const { position } = await store.append('insured-123455-D', [enrolled], 'no_stream');
    expect(await store.headPosition()).toBe(position);
  });
});
