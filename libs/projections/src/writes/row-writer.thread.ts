import Database from 'better-sqlite3';
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type BatchCheckpoint, RowWriter } from './row-writer';
import { type RowBatch, type WriteStatements } from './row-writes';

/**
 * The rebuild's writer thread: this module is its entry point. Built, it is a .js file a Worker
 * can start; under a TypeScript loader (jest) it is not, and the rebuild writes in its own thread.
 */
export const rowWriterThreadFile = __filename;

export interface RowWriterThreadData {
  readonly role: 'row-writer';
  readonly path: string;
  readonly statements: WriteStatements;
  /** The rebuild connection's own settings, so that the writer syncs and caches as it would. */
  readonly synchronous: number;
  readonly cacheSize: number;
}

export type ToRowWriter =
  | { readonly type: 'commit'; readonly rows: RowBatch; readonly checkpoint: BatchCheckpoint }
  | { readonly type: 'close' };

export type FromRowWriter = { readonly type: 'committed' } | { readonly type: 'failed'; readonly reason: string };

function serve(port: MessagePort, data: RowWriterThreadData): void {
  // Never created here: a file removed meanwhile (a rebuild interrupted as it began) would be made again
  // by this thread, after the interrupted process removed what it had begun.
  const db = new Database(data.path, { fileMustExist: true });
  db.pragma(`synchronous = ${data.synchronous}`);
  db.pragma(`cache_size = ${data.cacheSize}`);
  const writer = new RowWriter(db, data.statements);
  let failed = false;
  port.on('message', (message: ToRowWriter) => {
    if (message.type === 'close') {
      db.close();
      port.close();
      return;
    }
    // After a failure nothing more is committed: a later batch would build on rows that are missing.
    if (failed) return;
    try {
      writer.commit(message.rows, message.checkpoint);
      port.postMessage({ type: 'committed' } satisfies FromRowWriter);
    } catch (error) {
      failed = true;
      const reason = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'failed', reason } satisfies FromRowWriter);
    }
  });
}

const data = workerData as Partial<RowWriterThreadData> | undefined;
if (!isMainThread && parentPort && data?.role === 'row-writer') serve(parentPort, data as RowWriterThreadData);
