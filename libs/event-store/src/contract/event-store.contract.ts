import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { v4 } from 'uuid';
import { DuplicateEventIdError, EventStoreLimitError, WrongExpectedRevisionError } from '../errors';
import { chainKeys, type EventStore, type EventToAppend, type RecordedEvent } from '../event-store.port';
import { verifyChain } from '../verify-chain';

export interface StoreUnderTest {
  readonly store: EventStore;
  /** Closes the store and opens it again on the same data: idempotency must survive restarts. */
  readonly reopen: () => Promise<EventStore>;
  readonly dispose: () => Promise<void>;
}

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const enrolled = (name: string, extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type: 'QualificationAcquired',
  data: { name, acquiredOn: '2025-04-01' },
  metadata: { actor: 'clerk-1', channel: 'counter' },
  ...extra,
});

/**
 * An error of the store's kind, known by its name: the suite also runs against the built store
 * (test/log-writer-thread.e2e.spec.ts), whose error classes are other copies than these.
 */
const refusedAs = (kind: abstract new (...args: never[]) => Error) => ({ name: kind.name });

/**
 * One meaning for every store: the same suite runs against the embedded SQLite store and, when a
 * server is configured, EventStoreDB. Stream names are unique per test so a shared server works.
 */
export function describeEventStoreContract(storeName: string, open: () => Promise<StoreUnderTest>): void {
  describe(`EventStore contract: ${storeName}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    let run = 0;
    const streamName = (label: string) => `contract-${label}-${Date.now().toString(36)}-${(run += 1)}`;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });

    afterEach(() => subject.dispose());

    it('appends and reads a stream back with revisions, positions, recorded time and metadata', async () => {
      const stream = streamName('roundtrip');
      const result = await store.append(stream, [enrolled('山田 太郎'), enrolled('佐藤 花子')], 'no_stream');
      expect(result.revision).toBe(1);
      const events = await collect(store.readStream(stream));
      expect(events.map((event) => [event.stream, event.revision, event.type])).toEqual([
        [stream, 0, 'QualificationAcquired'],
        [stream, 1, 'QualificationAcquired'],
      ]);
      expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
      expect(result.position).toBe(events[1]!.position);
      expect(Date.parse(events[0]!.recordedAt)).not.toBeNaN();
      expect(events[0]!.data).toEqual({ name: '山田 太郎', acquiredOn: '2025-04-01' });
      expect(events[0]!.metadata).toMatchObject({ actor: 'clerk-1', channel: 'counter' });
      expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    });

    it("answers an append with the events as recorded: what a read gives, whatever the caller's objects do after", async () => {
      const stream = streamName('answer');
      const metadata: Record<string, unknown> = { actor: 'clerk-1', at: new Date('2025-04-01T09:00:00Z') };
      const result = await store.append(
        stream,
        [{ type: 'QualificationAcquired', data: { name: '山田 太郎', note: undefined }, metadata }],
        'no_stream',
      );
      metadata.actor = 'someone else';
      const read = await collect(store.readStream(stream));
      expect(result.events).toEqual(read);
      expect(result.events[0]!.metadata).toMatchObject({ actor: 'clerk-1', at: '2025-04-01T09:00:00.000Z' });
      expect({ ...result }.events).toEqual(read);
      expect(JSON.parse(JSON.stringify(result))).toMatchObject({ revision: 0, events: [{ stream }] });
    });

    it('round-trips Unicode: Japanese names, kana, emoji and escapes', async () => {
      const stream = streamName('unicode');
      const data = {
        name: '髙橋 𠮷子',
        nameKana: 'タカハシ ヨシコ',
        address: '東京都千代田区1-1 〒100',
        note: '✓ "quoted" \\ \n 😀',
      };
      await store.append(stream, [{ type: 'QualificationAcquired', data }], 'any');
      const [event] = await collect(store.readStream(stream));
      expect(event!.data).toEqual(data);
    });

    describe('expected revision', () => {
      it('no_stream, stream_exists, an exact revision and any', async () => {
        const stream = streamName('expected');
        await store.append(stream, [enrolled('a')], 'no_stream');
        await expect(store.append(stream, [enrolled('b')], 'no_stream')).rejects.toMatchObject({ actual: 0 });
        await store.append(stream, [enrolled('b')], 'stream_exists');
        await store.append(stream, [enrolled('c')], 1);
        await store.append(stream, [enrolled('d')], 'any');
        await expect(store.append(streamName('missing'), [enrolled('x')], 'stream_exists')).rejects.toMatchObject({
          actual: 'no_stream',
        });
        expect((await collect(store.readStream(stream))).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
      });

      it('a mismatch throws a typed conflict carrying the actual revision and writes nothing', async () => {
        const stream = streamName('conflict');
        await store.append(stream, [enrolled('a'), enrolled('b')], 'no_stream');
        const refused = store.append(stream, [enrolled('c')], 0);
        await expect(refused).rejects.toMatchObject(refusedAs(WrongExpectedRevisionError));
        await expect(refused).rejects.toMatchObject({ stream, expected: 0, actual: 1 });
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });

      it('of two concurrent writers expecting the same revision, exactly one wins', async () => {
        const stream = streamName('race');
        await store.append(stream, [enrolled('a')], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append(stream, [enrolled('b')], 0),
          store.append(stream, [enrolled('c')], 0),
        ]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject(refusedAs(WrongExpectedRevisionError));
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same ids returns the first result and writes nothing, whatever the expected revision', async () => {
        const stream = streamName('idempotent');
        const batch = [enrolled('a', { id: v4() }), enrolled('b', { id: v4() })];
        const first = await store.append(stream, batch, 'no_stream');
        expect(first.repeated).toBeUndefined();
        for (const expected of ['no_stream', 'any', 0, 5, 'stream_exists'] as const) {
          const again = await store.append(stream, batch, expected);
          expect({ revision: again.revision, position: again.position, repeated: again.repeated }).toEqual({
            revision: first.revision,
            position: first.position,
            repeated: true,
          });
          expect(again.events.map((event) => event.id)).toEqual(batch.map((event) => event.id));
        }
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });

      it('holds across a restart', async () => {
        const stream = streamName('restart');
        const batch = [enrolled('a', { id: v4() })];
        const first = await store.append(stream, batch, 'no_stream');
        store = await subject.reopen();
        const again = await store.append(stream, batch, 'no_stream');
        expect(again).toMatchObject({ position: first.position, repeated: true });
        expect(await collect(store.readStream(stream))).toHaveLength(1);
      });

      it('a batch that repeats only some ids of an earlier append is refused, and nothing is written', async () => {
        const stream = streamName('overlap');
        const id = v4();
        await store.append(stream, [enrolled('a', { id })], 'no_stream');
        await expect(
          store.append(stream, [enrolled('a', { id }), enrolled('b', { id: v4() })], 'any'),
        ).rejects.toMatchObject(refusedAs(DuplicateEventIdError));
        expect(await collect(store.readStream(stream))).toHaveLength(1);
      });
    });

    describe('reading', () => {
      it('reads a stream backwards, from a revision, and a number of events', async () => {
        const stream = streamName('read');
        await store.append(
          stream,
          ['a', 'b', 'c', 'd'].map((name) => enrolled(name)),
          'no_stream',
        );
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(stream, options))).map((event) => event.revision);
        expect(await revisions({ direction: 'backwards' })).toEqual([3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3]);
        expect(await revisions({ fromRevision: 2, direction: 'backwards', maxCount: 2 })).toEqual([2, 1]);
        expect(await revisions({ maxCount: 1 })).toEqual([0]);
        expect(await collect(store.readStream(streamName('absent')))).toEqual([]);
      });

      it("tells the position of a stream's last event, and nothing for a stream without events", async () => {
        const stream = streamName('head');
        await store.append(stream, [enrolled('a')], 'no_stream');
        const { position } = await store.append(stream, [enrolled('b')], 0);
        await store.append(streamName('other'), [enrolled('c')], 'no_stream');
        expect(await store.streamHeadPosition(stream)).toBe(position);
        expect(await store.streamHeadPosition(streamName('absent'))).toBeUndefined();
      });

      it('$all keeps the append order across streams, forwards and backwards, with filters', async () => {
        const [left, right] = [streamName('all-left'), streamName('all-right')];
        const start = await store.headPosition();
        await store.append(left, [enrolled('l1')], 'no_stream');
        await store.append(
          right,
          [enrolled('r1'), { type: 'CardRegistered', data: { channel: 'portal' } }],
          'no_stream',
        );
        await store.append(left, [{ type: 'CardRegistered', data: { channel: 'atm' } }], 0);
        const ours = (events: RecordedEvent[]) =>
          events.filter((event) => event.stream === left || event.stream === right);
        const forwards = ours(await collect(store.readAll({ after: start })));
        expect(forwards.map((event) => `${event.stream === left ? 'L' : 'R'}${event.revision}`)).toEqual([
          'L0',
          'R0',
          'R1',
          'L1',
        ]);
        const positions = forwards.map((event) => event.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        const backwards = ours(await collect(store.readAll({ direction: 'backwards', maxCount: 50 })));
        expect(backwards.map((event) => event.position)).toEqual([...positions].reverse());
        const registrations = ours(
          await collect(store.readAll({ after: start, filter: { eventTypes: ['CardRegistered'] } })),
        );
        expect(registrations.map((event) => event.stream)).toEqual([right, left]);
        const leftOnly = await collect(store.readAll({ after: start, filter: { streamPrefixes: [left] } }));
        expect(leftOnly.map((event) => event.revision)).toEqual([0, 1]);
        expect(await collect(store.readAll({ after: positions[1], maxCount: 2 }))).toHaveLength(2);
      });

      it('reads $all after a position it gave out, leaving out the event there, whatever positions count', async () => {
        const stream = streamName('after');
        const empty = await store.headPosition();
        const { events } = await store.append(
          stream,
          ['a', 'b', 'c'].map((name) => enrolled(name)),
          'no_stream',
        );
        const revisionsAfter = async (after: number) =>
          (await collect(store.readAll({ after, filter: { streamPrefixes: [stream] } }))).map(
            (event) => event.revision,
          );
        expect(await revisionsAfter(empty)).toEqual([0, 1, 2]);
        expect(await revisionsAfter(events[0]!.position)).toEqual([1, 2]);
        expect(await revisionsAfter(events[2]!.position)).toEqual([]);
        const head = await store.headPosition();
        expect(head).toBeGreaterThanOrEqual(events[2]!.position);
        expect(await revisionsAfter(head)).toEqual([]);
      });

      it('reads a large log in bounded memory', async () => {
        const stream = streamName('large');
        const padding = 'x'.repeat(2048);
        // 375 events of 2 KB stay under the 1 MiB an append may take.
        for (let batch = 0; batch < 40; batch += 1) {
          const events = Array.from({ length: 375 }, (_, index) =>
            enrolled(`p${batch}-${index}`, { data: { padding, index } }),
          );
          await store.append(stream, events, 'any');
        }
        const retained = () => {
          collectGarbage();
          return process.memoryUsage().heapUsed;
        };
        const before = retained();
        let peak = 0;
        let count = 0;
        for await (const event of store.readStream(stream)) {
          count += 1;
          if (count % 1000 === 0) peak = Math.max(peak, retained() - before);
          expect(event.revision).toBe(count - 1);
        }
        expect(count).toBe(15_000);
        // Holding the 15,000 decoded events of 2 KB would retain over 30 MB; a paged read holds a page.
        expect(peak).toBeLessThan(8 * 1024 * 1024);
      }, 60_000);
    });

    describe('subscription to $all', () => {
      it('catches up, then follows live appends with no gap and no duplicate at the hand-over', async () => {
        const stream = streamName('subscribe');
        const start = await store.headPosition();
        for (let batch = 0; batch < 5; batch += 1) {
          await store.append(
            stream,
            Array.from({ length: 100 }, (_, index) => enrolled(`c${batch}-${index}`)),
            'any',
          );
        }
        const received = firstValueFrom(
          store.subscribeToAll({ after: start, filter: { streamPrefixes: [stream] } }).pipe(take(900), toArray()),
        );
        // Concurrent appends while the subscriber is catching up.
        await Promise.all(
          Array.from({ length: 40 }, (_, writer) =>
            store.append(
              stream,
              Array.from({ length: 10 }, (_, index) => enrolled(`w${writer}-${index}`)),
              'any',
            ),
          ),
        );
        const events = await received;
        const revisions = events.map((event) => event.revision);
        expect(revisions).toEqual(Array.from({ length: 900 }, (_, index) => index));
        expect(new Set(events.map((event) => event.id)).size).toBe(900);
      }, 30_000);

      it('starts after the position given, and unsubscribing stops delivery', async () => {
        const stream = streamName('resume');
        const first = await store.append(stream, [enrolled('a'), enrolled('b')], 'no_stream');
        const seen: RecordedEvent[] = [];
        const subscription = store
          .subscribeToAll({ after: first.events[0]!.position, filter: { streamPrefixes: [stream] } })
          .subscribe((event) => seen.push(event));
        await waitUntil(() => seen.length === 1);
        expect(seen[0]!.revision).toBe(1);
        subscription.unsubscribe();
        await store.append(stream, [enrolled('c')], 1);
        await new Promise((wait) => setTimeout(wait, 100));
        expect(seen).toHaveLength(1);
      });

      it('completes when the store closes', async () => {
        const stream = streamName('closing');
        await store.append(stream, [enrolled('a')], 'no_stream');
        const events = lastValueFrom(store.subscribeToAll({ filter: { streamPrefixes: [stream] } }).pipe(toArray()));
        await new Promise((wait) => setTimeout(wait, 50));
        await store.close();
        expect((await events).map((event) => event.stream)).toEqual([stream]);
      });
    });

    describe('hash chain', () => {
      it('chains each event to its predecessor in the stream, and the log verifies', async () => {
        const stream = streamName('chain');
        await store.append(stream, [enrolled('a'), enrolled('b')], 'no_stream');
        await store.append(stream, [enrolled('c')], 1);
        const events = await collect(store.readStream(stream));
        expect(events[0]!.metadata[chainKeys.previousHash]).toBeNull();
        expect(events[1]!.metadata[chainKeys.previousHash]).toBe(events[0]!.metadata[chainKeys.hash]);
        expect(events[2]!.metadata[chainKeys.previousHash]).toBe(events[1]!.metadata[chainKeys.hash]);
        const verification = await verifyChain(store.readAll({ filter: { streamPrefixes: [stream] } }));
        expect(verification).toEqual({ eventsChecked: 3, streamsChecked: 1 });
      });

      it('takes no chain key from the caller’s metadata: a forged $hash or $previousHash is not hashed', async () => {
        const stream = streamName('forged-keys');
        const forged = { actor: 'clerk', [chainKeys.hash]: 'forged', [chainKeys.previousHash]: 'forged' };
        await store.append(stream, [enrolled('a', { metadata: forged })], 'no_stream');
        await store.append(stream, [enrolled('b', { metadata: { [chainKeys.previousHash]: 'forged' } })], 0);
        const events = await collect(store.readStream(stream));
        expect(events[0]!.metadata).toMatchObject({ actor: 'clerk', [chainKeys.previousHash]: null });
        expect(events[1]!.metadata[chainKeys.previousHash]).toBe(events[0]!.metadata[chainKeys.hash]);
        const verification = await verifyChain(store.readAll({ filter: { streamPrefixes: [stream] } }));
        expect(verification).toEqual({ eventsChecked: 2, streamsChecked: 1 });
      });
    });

    describe('limits', () => {
      it.each([
        [
          'an event over 1 MiB',
          'EVENT_TOO_LARGE',
          () => [enrolled('big', { data: { blob: 'x'.repeat(1024 * 1024) } })],
        ],
        [
          'an append over 1 MiB in all (EventStoreDB refuses it by its default MaxAppendSize)',
          'APPEND_TOO_LARGE',
          () => Array.from({ length: 4 }, () => enrolled('big', { data: { blob: 'x'.repeat(300 * 1024) } })),
        ],
        ['an empty batch', 'BATCH_EMPTY', () => []],
        ['a batch over 1000 events', 'BATCH_TOO_LARGE', () => Array.from({ length: 1001 }, () => enrolled('n'))],
        ['an id that is not a UUID', 'EVENT_ID_INVALID', () => [enrolled('n', { id: 'not-a-uuid' })]],
        [
          'the same id twice in one append',
          'EVENT_ID_REPEATED',
          () => [0, 1].map(() => enrolled('n', { id: '0195a1c0-7d7e-7000-8000-0000000000aa' })),
        ],
        ['an invalid event type', 'EVENT_TYPE_INVALID', () => [enrolled('n', { type: 'has space' })]],
        ['an event type of 101 characters', 'EVENT_TYPE_INVALID', () => [enrolled('n', { type: 'T'.repeat(101) })]],
        [
          'a metadata key of the store’s own kind, beginning with $',
          'METADATA_KEY_RESERVED',
          () => [enrolled('n', { metadata: { actor: 'clerk', $recordedAt: '2020-01-01T00:00:00.000Z' } })],
        ],
        // Counted in UTF-8 bytes, as EventStoreDB counts them: 3 per kanji, where JavaScript counts 1.
        [
          'an event over 1 MiB in UTF-8, though not in characters',
          'EVENT_TOO_LARGE',
          () => [enrolled('big', { data: { blob: '山'.repeat(400_000) } })],
        ],
        [
          'an append over 1 MiB in UTF-8 in all, though not in characters',
          'APPEND_TOO_LARGE',
          () => Array.from({ length: 4 }, () => enrolled('big', { data: { blob: '山'.repeat(100_000) } })),
        ],
      ])('refuses %s and writes nothing', async (_, limit, events) => {
        const stream = streamName('limits');
        await expect(store.append(stream, events(), 'any')).rejects.toMatchObject({ limit });
        expect(await collect(store.readStream(stream))).toEqual([]);
      });

      it('refuses a malformed stream name', async () => {
        for (const stream of ['', '$all', 'has space', 'x'.repeat(201)]) {
          await expect(store.append(stream, [enrolled('n')], 'any')).rejects.toMatchObject(
            refusedAs(EventStoreLimitError),
          );
        }
      });
    });
  });
}

/** Retained heap is only measurable after a collection; V8 lets a running process enable `gc`. */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((wait) => setTimeout(wait, 10));
  }
}
