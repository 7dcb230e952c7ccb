import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store';
import { type Projection } from './projection';
import { Projector } from './projector';

export interface RebuildProgress {
  readonly eventsDone: number;
  readonly eventsTotal: number;
  readonly eventsPerSecond: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  readonly etaSeconds?: number;
}

export interface RebuildOptions {
  /** Events per transaction; larger batches commit less often (2,000 by default). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports. */
  readonly progressEveryMs?: number;
}

/**
 * Builds fresh read models in `db` from its checkpoint (0 for a new file) while the live ones keep
 * answering, until they have caught up with the head of the log as it is when they get there, then
 * creates their secondary indexes; the caller swaps them in (`LiveReadModels.rebuild` does).
 * Calling it again on the same file applies only what was appended since. Returns the checkpoint.
 */
export async function rebuildInto(
  store: EventStore,
  db: Database.Database,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<number> {
  const projector = new Projector(store, db, projections, { name: 'read-models', deferIndexes: true });
  const batchSize = options.batchSize ?? 2000;
  const started = Date.now();
  let lastReport = 0;
  let done = 0;
  for (let head = await store.headPosition(); projector.checkpoint < head; head = await store.headPosition()) {
    let batch: RecordedEvent[] = [];
    for await (const event of store.readAll({ fromPosition: projector.checkpoint + 1 })) {
      batch.push(event);
      if (batch.length < batchSize) continue;
      applyOrThrow(projector, batch);
      done += batch.length;
      batch = [];
      if (options.onProgress && Date.now() - lastReport >= (options.progressEveryMs ?? 1000)) {
        lastReport = Date.now();
        options.onProgress(progress(done, head, started));
      }
    }
    applyOrThrow(projector, batch);
    done += batch.length;
  }
  for (const projection of projections) projection.createIndexes?.(db);
  options.onProgress?.(progress(done, projector.checkpoint, started));
  return projector.checkpoint;
}

function applyOrThrow(projector: Projector, batch: readonly RecordedEvent[]): void {
  projector.apply(batch);
  if (projector.failedBecause !== undefined) throw new Error(`rebuild stopped: ${projector.failedBecause}`);
}

function progress(eventsDone: number, eventsTotal: number, started: number): RebuildProgress {
  const seconds = (Date.now() - started) / 1000;
  const eventsPerSecond = seconds > 0 ? eventsDone / seconds : 0;
  const remaining = Math.max(0, eventsTotal - eventsDone);
  return {
    eventsDone,
    eventsTotal,
    eventsPerSecond: Math.round(eventsPerSecond),
    ...(eventsPerSecond > 0 && { etaSeconds: Math.ceil(remaining / eventsPerSecond) }),
  };
}
