import Database from 'better-sqlite3';
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type AppendToWrite, LogWriter, type WriteOutcome } from './log-writer';
import { prepareSchema } from './schema';

/**
 * The embedded store's writer thread: this module is its entry point. Built, it is a .js file a
 * Worker can start; under a TypeScript loader (jest) it is not, and the store writes in its own
 * thread (ADR 0014, as ADR 0008 for a rebuild's rows).
 */
export const logWriterThreadFile = __filename;

export interface LogWriterThreadData {
  readonly role: 'log-writer';
  readonly path: string;
}

export type ToLogWriter =
  | { readonly type: 'commit'; readonly appends: readonly AppendToWrite[]; readonly now: number }
  | { readonly type: 'close' };

export type FromLogWriter =
  | { readonly type: 'committed'; readonly outcomes: readonly WriteOutcome[] }
  | { readonly type: 'failed'; readonly message: string; readonly code: string | undefined };

function serve(port: MessagePort, data: LogWriterThreadData): void {
  // Never created here: a log removed while the store had it open would be begun again as a new, empty
  // log, which the store's own connection, on the removed file, would never read.
  const db = new Database(data.path, { fileMustExist: true });
  // Its own connection: synchronous=FULL is a connection's setting, not the file's.
  prepareSchema(db);
  const writer = new LogWriter(db);
  port.on('message', (message: ToLogWriter) => {
    if (message.type === 'close') {
      db.close();
      port.close();
      return;
    }
    let answer: FromLogWriter;
    try {
      answer = { type: 'committed', outcomes: writer.commit(message.appends, new Date(message.now)) };
    } catch (error) {
      // Each commit stands alone: nothing of this one was written, and the next may succeed.
      const { message: text, code } = error as { message?: unknown; code?: unknown };
      answer = { type: 'failed', message: String(text), code: typeof code === 'string' ? code : undefined };
    }
    port.postMessage(answer);
  });
}

const data = workerData as Partial<LogWriterThreadData> | undefined;
if (!isMainThread && parentPort && data?.role === 'log-writer') serve(parentPort, data as LogWriterThreadData);
