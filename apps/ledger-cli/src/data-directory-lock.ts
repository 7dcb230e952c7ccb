import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the locks of a data directory live, one file per kind of work. */
export const lockPath = (dataDirectory: string, name: string): string => join(dataDirectory, 'locks', `${name}.lock`);

/**
 * Runs `work` while this process holds the data directory's lock `name`; a second command asking
 * for it is refused at once, naming `what` runs. The lock is an SQLite file's exclusive lock, which
 * the system releases when the process ends, however it ends: no stale lock to clear by hand.
 */
export async function withDataDirectoryLock<T>(
  dataDirectory: string,
  name: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  mkdirSync(join(dataDirectory, 'locks'), { recursive: true });
  const lock = new Database(lockPath(dataDirectory, name), { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(`${what} is already running on ${dataDirectory}: wait for it to end`, { cause: error });
  }
  try {
    return await work();
  } finally {
    lock.close();
  }
}
