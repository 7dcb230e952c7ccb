import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, take, tap, timeout, toArray } from 'rxjs';
import { DuplicateEventIdError } from '../errors';
import { type EventToAppend } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type: 'QualificationAcquired',
  data: {},
  ...extra,
});
const five = () => Array.from({ length: 5 }, () => event());

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Pages of two rows: every read and subscription below crosses page boundaries. */
describe('the embedded store across pages', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:', pageSize: 2 })));
  afterEach(() => store.close());

  it('reads a stream and the log backwards without repeating the event at a page boundary', async () => {
    await store.append('s-A', five(), 'no_stream');
    const stream = await collect(store.readStream('s-A', { direction: 'backwards' }));
    expect(stream.map(({ revision }) => revision)).toEqual([4, 3, 2, 1, 0]);
    const log = await collect(store.readAll({ direction: 'backwards' }));
    expect(log.map(({ position }) => position)).toEqual([5, 4, 3, 2, 1]);
  });

  it('stops at maxCount across pages, both ways', async () => {
    await store.append('s-A', five(), 'no_stream');
    expect(await collect(store.readAll({ maxCount: 3 }))).toHaveLength(3);
    expect(await collect(store.readAll({ direction: 'backwards', maxCount: 3 }))).toHaveLength(3);
  });

  it('reads the streams of several prefixes, each a prefix and not a part of a name', async () => {
    for (const stream of ['a-1', 'b-1', 'c-1', 'xa-1']) await store.append(stream, [event()], 'no_stream');
    const read = await collect(store.readAll({ filter: { streamPrefixes: ['a-', 'b-'] } }));
    expect(read.map(({ stream }) => stream)).toEqual(['a-1', 'b-1']);
  });

  it('delivers once each event appended while a subscription catches up', async () => {
    await store.append('s-A', five().slice(0, 4), 'no_stream');
    const delivered: number[] = [];
    const subscription = store.subscribeToAll().subscribe(({ position }) => {
      delivered.push(position);
      if (position === 1) void store.append('s-A', [...five(), event()], 'any');
    });
    for (let wait = 0; wait < 500 && delivered.length < 10; wait += 1)
      await new Promise((tick) => setTimeout(tick, 10));
    // Long enough for a second delivery of what the catch-up read to arrive.
    await new Promise((settle) => setTimeout(settle, 100));
    subscription.unsubscribe();
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('moves a filtered subscription past the events its filter leaves out', async () => {
    await store.append('s-A', [event(), event({ type: 'CardRegistered' })], 'no_stream');
    const received = firstValueFrom(
      store
        .subscribeToAll({ filter: { eventTypes: ['QualificationAcquired'] } })
        .pipe(take(2), toArray(), timeout(3000)),
    );
    await new Promise((wait) => setTimeout(wait, 50));
    await store.append('s-A', [event()], 1);
    expect((await received).map(({ position }) => position)).toEqual([1, 3]);
  });

  it('completes a subscription whose catch-up the store’s closing cut short, as ADR 0002 says', async () => {
    await store.append('s-A', five(), 'no_stream');
    const ended = lastValueFrom(
      store.subscribeToAll().pipe(
        tap(({ position }) => {
          if (position === 1) void store.close();
        }),
        toArray(),
      ),
    );
    await expect(ended).resolves.toEqual(expect.any(Array));
  });
});

describe('the embedded store’s appends at their edges', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('takes an event of exactly 1 MiB, and 1000 events in one append', async () => {
    // Data and metadata as stored: {"blob":"…"} is 11 bytes around the blob, and {} is 2. EventStoreDB
    // would refuse the first: the adapter's chain keys count towards its MaxAppendSize (ADR 0002).
    const exactly = event({ data: { blob: 'x'.repeat(1024 * 1024 - 13) }, metadata: {} });
    await expect(store.append('one-mib', [exactly], 'no_stream')).resolves.toMatchObject({ revision: 0 });
    const thousand = Array.from({ length: 1000 }, () => event());
    await expect(store.append('thousand', thousand, 'no_stream')).resolves.toMatchObject({ revision: 999 });
  });

  it('refuses alone a repeated id beside an event without one, and names the id repeated', async () => {
    const repeated = '0195a1c0-7d7e-7000-8000-0000000000c1';
    const fresh = '0195a1c0-7d7e-7000-8000-0000000000c2';
    await store.append('s-A', [event({ id: repeated })], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('s-B', [event()], 'no_stream'),
      store.append('s-A', [event({ id: repeated }), event()], 'any'),
      store.append('s-A', [event({ id: repeated }), event({ id: fresh })], 'any'),
    ]);
    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    for (const outcome of outcomes.slice(1)) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ eventId: repeated });
    }
  });

  it('commits what was appended before close, then closes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-close-'));
    const path = join(directory, 'events.db');
    try {
      const closing = new SqliteEventStore({ path });
      const appended = closing.append('s-A', [event()], 'no_stream');
      await closing.close();
      await expect(appended).resolves.toMatchObject({ revision: 0 });
      const reopened = new SqliteEventStore({ path });
      expect(await collect(reopened.readStream('s-A'))).toHaveLength(1);
      await reopened.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
