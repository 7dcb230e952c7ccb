import { type EventStore, SqliteEventStore } from '@ledger/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, last, type Observable, take } from 'rxjs';
import { type Figure, figure, peakRss, perSecond } from './figure';
import { openRaw } from './raw-sqlite';

const enrolment = (index: number) => ({
  type: 'QualificationAcquired',
  data: {
    insurerNumber: '123455',
    number: String(1_000_000 + index),
    name: '山田 太郎',
    nameKana: 'ヤマダ タロウ',
    acquiredOn: '2025-04-01',
    burdenRatio: 30,
  },
  metadata: { actor: { role: 'insurer-clerk', user: 'clerk-1' }, channel: 'batch' },
});
const payload = (index: number) => JSON.stringify(enrolment(index).data);

async function scratch<T>(work: (directory: string) => T | Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    return await work(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function appendSequential(count: number): Promise<Figure> {
  const value = await scratch(async (directory) => {
    const store = new SqliteEventStore({ path: join(directory, 'events.db') });
    const started = process.hrtime.bigint();
    for (let index = 0; index < count; index += 1)
      await store.append(`insured-123455-P${index}`, [enrolment(index)], 'no_stream');
    const rate = perSecond(count, started);
    await store.close();
    return rate;
  });
  const ceiling = await scratch((directory) => {
    const raw = openRaw(join(directory, 'raw.db'));
    const started = process.hrtime.bigint();
    for (let index = 0; index < count; index += 1)
      raw.insertGroup([{ stream: `insured-123455-P${index}`, data: payload(index) }]);
    const rate = perSecond(count, started);
    raw.db.close();
    return rate;
  });
  return figure('store.append.sequential', value, 'events/s', ceiling, { events: count, durable: 'synchronous=FULL' });
}

async function appendConcurrent(count: number, appenders: number): Promise<Figure> {
  const value = await scratch(async (directory) => {
    const store = new SqliteEventStore({ path: join(directory, 'events.db') });
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: appenders }, async () => {
        while (next < count) {
          const index = (next += 1);
          await store.append(`insured-123455-P${index}`, [enrolment(index)], 'no_stream');
        }
      }),
    );
    const rate = perSecond(count, started);
    await store.close();
    return rate;
  });
  const ceiling = await scratch((directory) => {
    const raw = openRaw(join(directory, 'raw.db'));
    const started = process.hrtime.bigint();
    for (let group = 0; group < count / appenders; group += 1) {
      raw.insertGroup(
        Array.from({ length: appenders }, (_, index) => ({
          stream: `insured-123455-P${group * appenders + index}`,
          data: payload(index),
        })),
      );
    }
    const rate = perSecond(count, started);
    raw.db.close();
    return rate;
  });
  return figure('store.append.concurrent', value, 'events/s', ceiling, {
    events: count,
    appenders,
    ceilingBatch: appenders,
  });
}

/** Fills a store quickly through its own append path: batches of 1000 events, 16 at a time. */
async function fill(store: EventStore, count: number): Promise<void> {
  const batches = Math.ceil(count / 1000);
  for (let round = 0; round < batches; round += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, batches - round) }, (_, offset) =>
        store.append(
          `insured-123455-B${round + offset}`,
          Array.from({ length: 1000 }, (_, index) => enrolment(index)),
          'no_stream',
        ),
      ),
    );
  }
}

async function readAll(count: number): Promise<Figure> {
  return scratch(async (directory) => {
    const path = join(directory, 'events.db');
    const store = new SqliteEventStore({ path });
    await fill(store, count);
    let read = 0;
    const started = process.hrtime.bigint();
    for await (const _ of store.readAll()) read += 1;
    const value = perSecond(read, started);
    await store.close();
    const raw = openRaw(path);
    const rawStarted = process.hrtime.bigint();
    const ceiling = perSecond(raw.readAllDecoded(), rawStarted);
    raw.db.close();
    return figure('store.readAll', value, 'events/s', ceiling, { events: read, decoded: 'data and metadata JSON' });
  });
}

async function catchUp(count: number): Promise<Figure[]> {
  return scratch(async (directory) => {
    const store = new SqliteEventStore({ path: join(directory, 'events.db') });
    await fill(store, count);
    const started = process.hrtime.bigint();
    const { peakBytes } = await peakRss(() =>
      firstValueFrom((store.subscribeToAll() as Observable<unknown>).pipe(take(count), last())),
    );
    const value = perSecond(count, started);
    await store.close();
    return [
      figure('store.catchUp', value, 'events/s', null, { events: count }),
      figure('store.catchUp.peakRss', peakBytes / 1024 / 1024, 'MB', null, { events: count }),
    ];
  });
}

export async function storeBenchmark(scale: number): Promise<Figure[]> {
  return [
    await appendSequential(Math.round(2000 * scale)),
    await appendConcurrent(Math.round(64 * 500 * scale), 64),
    await readAll(Math.round(200_000 * scale)),
    ...(await catchUp(Math.round(1_000_000 * scale))),
  ];
}
