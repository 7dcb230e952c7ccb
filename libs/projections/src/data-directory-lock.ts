import Database from 'better-sqlite3';
import { makeDirectories } from '@ledger/event-store';
import { dirname, join } from 'node:path';

/** Where the locks of a data directory live, one file per kind of work. */
export const lockPath = (dataDirectory: string, name: string): string => join(dataDirectory, 'locks', `${name}.lock`);

/**
 * The lock that says who writes the read models' file: a running API (its projector) or a rebuild,
 * never both, or the rebuild would swap a new file in under the API, which keeps writing the old one.
 */
export const readModelsLock = { name: 'read-models', what: 'a ledger API or a rebuild of its read models' } as const;

export interface HeldLock {
  readonly release: () => void;
}

/**
 * Takes the data directory's lock `name` until released; a second holder is refused at once, naming
 * `what` holds it. The lock is an SQLite file's exclusive lock, which the system releases when the
 * process ends, however it ends: no stale lock to clear by hand.
 */
export function holdDataDirectoryLock(dataDirectory: string, name: string, what: string): HeldLock {
  const path = lockPath(dataDirectory, name);
  makeDirectories(dirname(path));
  let lock: Database.Database;
  try {
    lock = new Database(path, { timeout: 0 });
  } catch (error) {
    // SQLite's words ("unable to open database file") name no file.
    const reason = `cannot open the lock ${path} (${(error as Error).message}): ${dirname(path)} must be a directory this process can write in`;
    throw new Error(reason, { cause: error });
  }
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(`${what} is already running on ${dataDirectory}: stop it or wait for it to end`, { cause: error });
  }
  return { release: () => lock.close() };
}

/** Runs `work` while this process holds the data directory's lock `name` (`holdDataDirectoryLock`). */
export async function withDataDirectoryLock<T>(
  dataDirectory: string,
  name: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const lock = holdDataDirectoryLock(dataDirectory, name, what);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
