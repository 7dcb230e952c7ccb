import Database from 'better-sqlite3';
import { makeDirectories } from '@ledger/event-store/embedded';
import { dirname, join } from 'node:path';

/** Where the locks of a data directory live, one file per kind of work. */
export const lockPath = (dataDirectory: string, name: string): string => join(dataDirectory, 'locks', `${name}.lock`);

/**
 * The lock that says who writes the read models' file: a running API (its projector) or a rebuild,
 * never both, or the rebuild would swap a new file in under the API, which keeps writing the old one.
 */
export const readModelsLock = { name: 'read-models', what: 'a ledger API or a rebuild of its read models' } as const;

/**
 * The lock of the log's layout. Imports write the log beside one another and share it; an upgrade of
 * the layout (`ledger upgrade-log`) takes it alone, so that no import goes on with the layout it read
 * when it opened the log. Each names the holder it would be refused by.
 */
export const logLayoutLock = {
  name: 'log-layout',
  heldByImports: 'an import',
  heldByUpgrade: 'an upgrade of the log',
} as const;

/** Alone: no other holder; shared: with other sharers, but with no holder alone. */
export type LockMode = 'alone' | 'shared';

export interface HeldLock {
  readonly release: () => void;
}

/**
 * Takes the data directory's lock `name` until released; a holder it conflicts with refuses it at
 * once, naming `what` holds it. The lock is an SQLite file's lock, exclusive or shared, which the
 * system releases when the process ends, however it ends: no stale lock to clear by hand.
 */
export function holdDataDirectoryLock(
  dataDirectory: string,
  name: string,
  what: string,
  mode: LockMode = 'alone',
): HeldLock {
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
    if (mode === 'alone') lock.exec('BEGIN EXCLUSIVE');
    // A read in a transaction keeps SQLite's shared lock on the file until it ends.
    else lock.exec('BEGIN; SELECT count(*) FROM sqlite_master');
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
  mode: LockMode = 'alone',
): Promise<T> {
  const lock = holdDataDirectoryLock(dataDirectory, name, what, mode);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
