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
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports. */
  readonly progressEveryMs?: number;
}

/**
 * Builds fresh read models in `db` from position 0 while the live ones keep answering, until
 * they have caught up with the head of the log as it is when they get there; the caller then
 * swaps them in. Returns the checkpoint reached.
 */
export async function rebuildInto(
  store: EventStore,
  db: Database.Database,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<number> {
  const projector = new Projector(store, db, projections, { name: 'read-models' });
  const batchSize = options.batchSize ?? 1000;
  const started = Date.now();
  let lastReport = 0;
  let done = 0;
  for (let head = await store.headPosition(); projector.checkpoint < head; head = await store.headPosition()) {
    let batch: RecordedEvent[] = [];
    for await (const event of store.readAll({ fromPosition: projector.checkpoint + 1 })) {
      batch.push(event);
      if (batch.length < batchSize) continue;
      projector.apply(batch);
      done += batch.length;
      batch = [];
      if (options.onProgress && Date.now() - lastReport >= (options.progressEveryMs ?? 1000)) {
        lastReport = Date.now();
        options.onProgress(progress(done, head, started));
      }
    }
    projector.apply(batch);
    done += batch.length;
  }
  options.onProgress?.(progress(done, projector.checkpoint, started));
  const { failure } = await projector.status();
  if (failure) throw new Error(`rebuild stopped: ${failure}`);
  return projector.checkpoint;
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
