import type Database from 'better-sqlite3';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { threadError } from '../thread-error';
import { type AppendToWrite, LogWriter, type WriteOutcome } from './log-writer';
import {
  type FromLogWriter,
  logWriterThreadFile,
  type LogWriterThreadData,
  type ToLogWriter,
} from './log-writer.thread';

/** Commits the store's groups of appends, one group at a time. */
export interface GroupWriter {
  /** Rejects, with nothing written, when the group could not be committed: SQLite's error, with its code. */
  commit(appends: readonly AppendToWrite[], now: Date): Promise<readonly WriteOutcome[]>;
  /** Call once no commit is in flight. */
  close(): Promise<void>;
}

/** A writer thread's commits: once the thread is gone, every commit is refused. */
export interface ThreadGroupWriter extends GroupWriter {
  /** Why the thread is gone (an error, out of memory, terminated), once it is. */
  readonly stopped?: Error;
}

/**
 * Whether a writer thread can open `db`'s file: a file, and this library built to JavaScript. An
 * in-memory database has no file, and under jest the thread's entry is TypeScript (ADR 0014).
 */
export const writerThreadCanOpen = (db: Database.Database): boolean =>
  logWriterThreadFile.endsWith('.js') && !db.memory && db.name !== '';

/** A writer thread on its own connection to `db`'s file, where `writerThreadCanOpen`. */
export function openWriterThread(db: Database.Database): ThreadGroupWriter {
  const data: LogWriterThreadData = { role: 'log-writer', path: db.name };
  return new ThreadWriter(new Worker(logWriterThreadFile, { workerData: data }));
}

/**
 * Groups committed in this thread, on `db`. One per connection: a writer's remembered stream heads
 * are checked against other connections' commits only (`PRAGMA data_version`), not another writer's
 * on the same connection.
 */
export function groupWriterInThisThread(db: Database.Database): GroupWriter {
  const writer = new LogWriter(db);
  return {
    // The executor runs now: the group is committed in this turn, and a throw rejects.
    commit: (appends, now) => new Promise((resolve) => resolve(writer.commit(appends, now))),
    close: () => Promise.resolve(),
  };
}

class ThreadWriter implements ThreadGroupWriter {
  private waiting?: {
    readonly resolve: (outcomes: readonly WriteOutcome[]) => void;
    readonly reject: (error: Error) => void;
  };
  /** Set once the thread is gone: every commit after it is refused with it. */
  stopped?: Error;

  constructor(private readonly worker: Worker) {
    // Idle, the thread does not keep the process alive; a commit in flight does (`commit`).
    worker.unref();
    worker.on('message', (message: FromLogWriter) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      worker.unref();
      if (message.type === 'committed') waiting?.resolve(message.outcomes);
      else waiting?.reject(Object.assign(new Error(message.message), { code: message.code }));
    });
    worker.on('error', (error: unknown) => this.stop(threadError(error, 'log writer')));
    worker.on('exit', (code) => this.stop(new Error(`the log writer thread stopped (exit code ${code})`)));
  }

  /** The store sends one group at a time: the next waits for this one's answer. */
  commit(appends: readonly AppendToWrite[], now: Date): Promise<readonly WriteOutcome[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    // Only what the thread needs crosses: an append's callbacks and metadata object would not.
    const plain = appends.map(({ stream, events, expected }) => ({
      stream,
      events: events.map(({ id, type, data, metadataJson }) => ({ id, type, data, metadataJson })),
      expected,
    }));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ type: 'commit', appends: plain, now: now.getTime() } satisfies ToLogWriter);
    });
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    const waiting = this.waiting;
    this.waiting = undefined;
    // Whether the group in flight was committed is unknown: it is not acknowledged.
    waiting?.reject(this.stopped);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    const exited = once(this.worker, 'exit');
    this.worker.ref();
    this.worker.postMessage({ type: 'close' } satisfies ToLogWriter);
    await exited;
  }
}
