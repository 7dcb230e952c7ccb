import type Database from 'better-sqlite3';
import { threadError } from '@ledger/event-store/embedded';
import { Worker } from 'node:worker_threads';
import { type BatchCheckpoint, RowWriter } from './row-writer';
import {
  type FromRowWriter,
  rowWriterThreadFile,
  type RowWriterThreadData,
  type ToRowWriter,
} from './row-writer.thread';
import { type RowBatch, uncommittedBatches, type WriteStatements } from './row-writes';

/** Commits a rebuild's batches, each with its checkpoint, in the order handed over. */
export interface BatchWriter {
  /**
   * Hands a batch over. Resolves once at most `uncommittedBatches` (this one included) are not
   * committed yet, so the caller folds the next one meanwhile; rejects once any batch failed, after
   * which nothing more is committed.
   */
  write(rows: RowBatch, checkpoint: BatchCheckpoint): Promise<void>;
  /** Resolves once every batch is committed, and releases the writer; rejects if one failed. */
  finish(): Promise<void>;
  /** Releases the writer without waiting: what is not committed yet is lost. */
  discard(): Promise<void>;
}

/**
 * A writer thread on its own connection to `db`'s file when there can be one: a file, and this
 * library built to JavaScript. Otherwise (an in-memory database, sources run by jest) the batches
 * are committed in this thread by the same `RowWriter`.
 */
export function openBatchWriter(db: Database.Database, statements: WriteStatements): BatchWriter {
  const threaded = rowWriterThreadFile.endsWith('.js') && !db.memory && db.name !== '';
  if (!threaded) return inThisThread(new RowWriter(db, statements));
  const data: RowWriterThreadData = {
    role: 'row-writer',
    path: db.name,
    statements,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    cacheSize: db.pragma('cache_size', { simple: true }) as number,
  };
  return new ThreadWriter(new Worker(rowWriterThreadFile, { workerData: data, resourceLimits: writerHeap }));
}

/**
 * A batch lives in the writer only while it commits: a young generation of 16 MB (V8's default is
 * three times that) took 20 MB off the rebuild's peak RSS at the same CPU time (200k events).
 */
const writerHeap = { maxYoungGenerationSizeMb: 16 };

function inThisThread(writer: RowWriter): BatchWriter {
  return {
    write: (rows, checkpoint) => Promise.resolve().then(() => writer.commit(rows, checkpoint)),
    finish: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  };
}

class ThreadWriter implements BatchWriter {
  private inFlight = 0;
  private failure?: Error;
  private exited = false;
  private wake?: () => void;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromRowWriter) => {
      if (message.type === 'committed') this.inFlight -= 1;
      else this.failure ??= new Error(message.reason);
      this.settle();
    });
    worker.on('error', (error: unknown) => {
      this.failure ??= threadError(error, 'row writer');
      this.settle();
    });
    worker.on('exit', () => {
      this.exited = true;
      if (this.inFlight > 0) this.failure ??= new Error('the writer thread stopped before committing every batch');
      this.settle();
    });
  }

  async write(rows: RowBatch, checkpoint: BatchCheckpoint): Promise<void> {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'commit', rows, checkpoint } satisfies ToRowWriter);
    this.inFlight += 1;
    await this.until(() => this.inFlight <= uncommittedBatches);
  }

  async finish(): Promise<void> {
    await this.until(() => this.inFlight === 0);
    this.worker.postMessage({ type: 'close' } satisfies ToRowWriter);
    await this.until(() => this.exited);
  }

  async discard(): Promise<void> {
    await this.worker.terminate();
  }

  /** Resolves when `done` holds, rejects on a failure; one waiter at a time, the rebuild's loop. */
  private until(done: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) reject(this.failure);
        else if (done()) resolve();
        else this.wake = check;
      };
      check();
    });
  }

  private settle(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
