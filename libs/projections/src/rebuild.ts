import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store/embedded';
import { BatchFold } from './batch-fold';
import { Checkpoints } from './checkpoints';
import { type Projection } from './projection';
import { readModelsProjector } from './read-model-projections';
import { openBatchWriter } from './writes/batch-writer';

export interface RebuildProgress {
  readonly eventsDone: number;
  /**
   * The events this rebuild has to apply, from where it started to the head it aims at. Log
   * positions count events on SQLite, so it is exact there; on EventStoreDB they count bytes, and
   * it is estimated from how far the events done went through them.
   */
  readonly eventsTotal: number;
  readonly eventsPerSecond: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  readonly etaSeconds?: number;
}

export interface RebuildOptions {
  /**
   * Events per transaction (1,000 by default). Larger batches commit less often, but the fold
   * thread's young generation then carries more of each batch from one collection to the next.
   */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two progress reports. */
  readonly progressEveryMs?: number;
  /** Aborted, the rebuild stops before its next batch and rejects, its file fit only for removal. */
  readonly signal?: AbortSignal;
}

/**
 * Builds fresh read models in `db` from its checkpoint (0 for a new file) while the live ones keep
 * answering, until they have caught up with the head of the log as it is when they get there; the
 * caller swaps them in (`LiveReadModels.rebuild` does). Calling it again on the same file applies
 * only what was appended since. Returns the checkpoint.
 *
 * This thread folds each batch into rows while a writer thread commits the previous ones, each with
 * its checkpoint (`openBatchWriter`). After a failed batch nothing more is committed and the rebuild
 * rejects: the file is then only fit for removal.
 */
export async function rebuildInto(
  store: EventStore,
  db: Database.Database,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<number> {
  for (const projection of projections) projection.migrate(db);
  let position = new Checkpoints(db).positionOf(readModelsProjector);
  const from = position;
  const fold = new BatchFold(projections);
  const writer = openBatchWriter(db, fold.statements);
  const batchSize = options.batchSize ?? 1000;
  const started = Date.now();
  let lastReport = 0;
  let done = 0;
  const write = async (batch: readonly RecordedEvent[]) => {
    options.signal?.throwIfAborted();
    const folded = fold.fold(batch, position);
    position = folded.position;
    done += batch.length;
    await writer.write(folded.rows, { projector: readModelsProjector, position });
  };
  try {
    for (let head = await store.headPosition(); position < head; head = await store.headPosition()) {
      let batch: RecordedEvent[] = [];
      for await (const event of store.readAll({ after: position })) {
        batch.push(event);
        if (batch.length < batchSize) continue;
        await write(batch);
        batch = [];
        if (options.onProgress && Date.now() - lastReport >= (options.progressEveryMs ?? 1000)) {
          lastReport = Date.now();
          options.onProgress(progress(done, (position - from) / (head - from), started));
        }
      }
      await write(batch);
    }
    await writer.finish();
  } catch (error) {
    await writer.discard();
    throw new Error(`rebuild stopped: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  options.onProgress?.(progress(done, 1, started));
  return position;
}

/** `share`: how far through the log positions from the start to the head the events done went. */
function progress(eventsDone: number, share: number, started: number): RebuildProgress {
  const seconds = (Date.now() - started) / 1000;
  const eventsPerSecond = seconds > 0 ? eventsDone / seconds : 0;
  const eventsTotal = share > 0 ? Math.max(eventsDone, Math.round(eventsDone / share)) : eventsDone;
  return {
    eventsDone,
    eventsTotal,
    eventsPerSecond: Math.round(eventsPerSecond),
    ...(eventsPerSecond > 0 && { etaSeconds: Math.ceil((eventsTotal - eventsDone) / eventsPerSecond) }),
  };
}
