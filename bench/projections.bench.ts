import { calendarDate, type Instant } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { personStateAsKnownAt, qualificationOn, readModelProjections } from '@ledger/projections';
import { generateHistories, SeededRandom } from '@ledger/synthetic';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, figure, perSecond } from './figure';
import { openRaw } from './raw-sqlite';

/** Appends generated histories, one append per person, until the log holds `events` events. */
async function fillWithHistories(store: SqliteEventStore, events: number, seed: number): Promise<string[]> {
  const streams: string[] = [];
  let written = 0;
  let pending: Promise<unknown>[] = [];
  let current: { stream: string; events: { type: string; data: unknown }[] } | undefined;
  const flush = async () => {
    if (current && current.events.length > 0) {
      pending.push(store.append(current.stream, current.events, 'no_stream'));
      streams.push(current.stream);
      written += current.events.length;
    }
    if (pending.length >= 64) {
      await Promise.all(pending);
      pending = [];
    }
  };
  for (const generated of generateHistories(Number.MAX_SAFE_INTEGER, seed)) {
    const stream = `insured-${generated.insurerNumber}-${generated.personId}`;
    if (current?.stream !== stream) {
      await flush();
      if (written >= events) break;
      current = { stream, events: [] };
    }
    current.events.push(...generated.events.map(({ type, data }) => ({ type, data })));
  }
  await Promise.all(pending);
  return streams;
}

/** Events per rebuild transaction, the rebuild's default. */
const batchSize = 1000;

interface Rebuilt {
  readonly checkpoint: number;
  readonly seconds: number;
  /** Sampled every 20 ms during the rebuild. */
  readonly peakBytes: number;
  /** The kernel's peak for the rebuilding process (getrusage). */
  readonly maxRssBytes: number;
}

function rebuildInProcess(storePath: string, readModelsPath: string): Rebuilt {
  const child = spawnSync(
    process.execPath,
    [join(__dirname, 'rebuild-process.js'), storePath, readModelsPath, String(batchSize)],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`the rebuild process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Rebuilt;
}

export async function projectionsBenchmark(scale: number): Promise<Figure[]> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-projections-'));
  try {
    const storePath = join(directory, 'events.db');
    const store = new SqliteEventStore({ path: storePath });
    const streams = await fillWithHistories(store, Math.round(1_000_000 * scale), 42);
    const total = await store.headPosition();

    // The rebuild as it ships (every read model, a new file beside the live one, indexes, swap), in a
    // process of its own as `ledger rebuild` runs it.
    const rebuilt = rebuildInProcess(storePath, join(directory, 'read-models.db'));

    const raw = openRaw(storePath);
    const rawStarted = process.hrtime.bigint();
    const ceiling = perSecond(raw.readAllDecoded(), rawStarted);
    raw.db.close();

    const random = new SeededRandom(7);
    const queries = Math.round(2000 * Math.max(scale, 0.1));
    const now = new Date().toISOString() as Instant;
    const asOfStarted = process.hrtime.bigint();
    for (let query = 0; query < queries; query += 1) {
      const state = await personStateAsKnownAt(store, random.pick(streams), now);
      if (state) qualificationOn(state, calendarDate('2025-06-01'));
    }
    const asOfRate = perSecond(queries, asOfStarted);
    await store.close();
    return [
      figure('projections.rebuild', rebuilt.checkpoint / rebuilt.seconds, 'events/s', ceiling, {
        events: total,
        persons: streams.length,
        readModels: readModelProjections().map((projection) => projection.name),
        batchSize,
        ceiling: 'raw SELECT of the same events in position order with JSON.parse of data and metadata',
      }),
      figure('projections.rss', rebuilt.maxRssBytes / 1024 / 1024, 'MB', null, {
        events: total,
        measured: "the kernel's peak RSS of the rebuilding process (getrusage maxRSS), writer thread included",
        sampledPeakMB: Math.round(rebuilt.peakBytes / 1024 / 1024),
      }),
      figure('projections.asOf', asOfRate, 'queries/s', null, { queries, persons: streams.length }),
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
