import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Worker } from 'node:worker_threads';
import { type EventStore } from '@ledger/event-store';
import { describeEventStoreContract } from '../libs/event-store/src/contract/event-store.contract';
import { makeUnwritable } from './support/unwritable-file';

/** The store as it ships: built to JavaScript, it commits in a writer thread (ADR 0014). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, not the sources jest maps @ledger/* to
const built = require(join(__dirname, '../dist/libs/event-store/src/sqlite/sqlite-event-store.js')) as {
  SqliteEventStore: new (options: {
    path: string;
    appendsCommittedNearby: number;
  }) => EventStore & { readonly commitsIn: string };
};

/** The module object itself, which the built store's writer reads `Worker` from: an import would copy it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a spy on it must reach the built files
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

/** Every group, however small, goes to the writer thread. */
const openBuilt = (path: string) => {
  const store = new built.SqliteEventStore({ path, appendsCommittedNearby: 0 });
  expect(store.commitsIn).toBe('writer-thread');
  return store;
};

describeEventStoreContract('SQLite (embedded, built, writer thread)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
  const path = join(directory, 'events.db');
  let store = openBuilt(path);
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = openBuilt(path);
      return store;
    },
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});

describe('the built store’s writer thread', () => {
  const acquired = [{ type: 'QualificationAcquired', data: { name: '山田 太郎' } }];

  it('refuses a commit it cannot write as the log’s write error, with SQLite’s code, and writes the next one', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
    const path = join(directory, 'events.db');
    const store = openBuilt(path);
    try {
      await store.append('insured-123455-A', acquired, 'no_stream');
      const giveBack = makeUnwritable(`${path}-wal`);
      if (!giveBack) {
        console.warn('skipped: this machine cannot make a file unwritable for root (no immutable attribute)');
        return;
      }
      try {
        await expect(store.append('insured-123455-B', acquired, 'no_stream')).rejects.toMatchObject({
          name: 'EventLogWriteError',
          code: expect.stringMatching(/^SQLITE_/) as unknown,
        });
      } finally {
        giveBack();
      }
      await expect(store.append('insured-123455-B', acquired, 'no_stream')).resolves.toMatchObject({ revision: 0 });
      expect(await store.headPosition()).toBe(2);
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('never creates the log: a log removed while the store has it open is not begun again, and the append is refused', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
    const path = join(directory, 'events.db');
    const store = openBuilt(path);
    try {
      rmSync(path);
      await expect(store.append('insured-123455-A', acquired, 'no_stream')).rejects.toThrow(
        `the event log at ${path} could not be written (the log writer thread failed: SQLITE_CANTOPEN)`,
      );
      expect(existsSync(path)).toBe(false);
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  /** Stops the store's writer thread as a crash would: the store is not told, it sees the thread exit. */
  const killWriterThread = (store: EventStore) =>
    (store as unknown as { threadWriter: { worker: Worker } }).threadWriter.worker.terminate();

  it('starts another thread once its thread stopped; a group in flight then is refused, and sent again is in the log once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
    const path = join(directory, 'events.db');
    const store = openBuilt(path);
    const event = (name: string) => [{ id: randomUUID(), type: 'QualificationAcquired', data: { name } }];
    try {
      await store.append('insured-123455-A', event('a'), 'no_stream');
      await killWriterThread(store);
      await expect(store.append('insured-123455-B', event('b'), 'no_stream')).resolves.toMatchObject({
        revision: 0,
      });
      // Another connection holds the log's write lock: the thread takes the group and waits for it.
      const holder = new Database(path);
      holder.exec('BEGIN IMMEDIATE');
      const inFlight = event('c');
      const sent = store.append('insured-123455-C', inFlight, 'any').then(
        () => 'acknowledged',
        (error: Error) => error.message,
      );
      await delay(200);
      const stopped = killWriterThread(store);
      // Released, the thread goes on with the group and is stopped before it commits it.
      holder.exec('ROLLBACK');
      holder.close();
      await stopped;
      expect(await sent).toMatch(/^the log writer thread stopped/);
      const written = async () => {
        const ids = [];
        for await (const recorded of store.readStream('insured-123455-C')) ids.push(recorded.id);
        return ids;
      };
      expect(await written()).toEqual([]);
      // Sent again, it is written by the next thread, once.
      await expect(store.append('insured-123455-C', inFlight, 'any')).resolves.toMatchObject({ revision: 0 });
      expect(await written()).toEqual([inFlight[0]!.id]);
      expect(await store.headPosition()).toBe(3);
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses the group, and goes on, when no writer thread can be started again (no thread left to the process)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
    const path = join(directory, 'events.db');
    const store = openBuilt(path);
    await store.append('insured-123455-A', acquired, 'no_stream');
    await killWriterThread(store);
    const cannotStart = jest.spyOn(workerThreads, 'Worker').mockImplementation(() => {
      throw Object.assign(new Error('Worker initialization failure: EAGAIN'), { code: 'ERR_WORKER_INIT_FAILED' });
    });
    try {
      await expect(store.append('insured-123455-B', acquired, 'no_stream')).rejects.toMatchObject({
        code: 'ERR_WORKER_INIT_FAILED',
      });
      cannotStart.mockRestore();
      await expect(store.append('insured-123455-B', acquired, 'no_stream')).resolves.toMatchObject({ revision: 0 });
      expect(await store.headPosition()).toBe(2);
    } finally {
      cannotStart.mockRestore();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('completes a subscription started in the tick the store closes, and polls the closed log no more', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-writer-thread-'));
    const store = openBuilt(join(directory, 'events.db'));
    await store.append('insured-123455-A', acquired, 'no_stream');
    const ended: string[] = [];
    store.subscribeToAll({ after: 1 }).subscribe({
      complete: () => ended.push('completed'),
      error: (error: Error) => ended.push(error.message),
    });
    await store.close();
    // Past the 200 ms a waiting subscription polls the log at: the poll would throw on the closed connection.
    await delay(400);
    expect(ended).toEqual(['completed']);
    rmSync(directory, { recursive: true, force: true });
  });
});
