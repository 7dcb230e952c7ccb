import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';

/**
 * The read models' SQLite file. `synchronous=NORMAL` in WAL mode keeps every transaction atomic;
 * a power loss can only drop the last batches together with their checkpoint, and the projector
 * then applies them again. Read models are rebuildable, the log is the durable record.
 */
export function openReadModels(path: string): Database.Database {
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * A new file for a rebuild, replacing any leftover. No syncing: until it is swapped in, a crash or
 * a failed batch only costs the file, which the next start discards; the swap flushes it to disk
 * first. WAL so that the rebuild's reads never wait for its writer thread, which commits on a
 * connection of its own. A larger page cache keeps the person states being updated in memory.
 */
export function openRebuildTarget(path: string): Database.Database {
  removeReadModelFiles(path);
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = ${-rebuildCacheKibibytes}`);
  return db;
}

const rebuildCacheKibibytes = 32 * 1024;
/** For a new file only: person states are a kilobyte or more, and 16 KiB pages split and overflow less than 4 KiB ones. */
const pageSize = 16 * 1024;

/** Removes a read-models file with its journal, WAL and shared-memory files, or only those. */
export function removeReadModelFiles(path: string, { keepMainFile = false } = {}): void {
  for (const suffix of [...(keepMainFile ? [] : ['']), '-journal', '-wal', '-shm']) {
    rmSync(`${path}${suffix}`, { force: true });
  }
}
