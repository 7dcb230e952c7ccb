import Database from 'better-sqlite3';
import { statSync } from 'node:fs';

/**
 * Why the file at `path` holds no embedded event log, found by reading it only: opening the store
 * would create the log's tables in an empty file or another database. Undefined when it holds the
 * log, and when it cannot be opened at all, which opening the store then reports.
 */
export function notAnEventLog(path: string): string | undefined {
  // SQLite cannot open a directory either, and says only "unable to open database file".
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return 'it is a directory';
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'streams')")
      .pluck()
      .all();
    if (tables.length === 2) return undefined;
    return statSync(path).size === 0
      ? 'it is an empty file'
      : "it is an SQLite database without the event log's tables";
  } catch (error) {
    return (error as { code?: unknown }).code === 'SQLITE_NOTADB' ? 'it is not an SQLite database' : undefined;
  } finally {
    db?.close();
  }
}

/**
 * Why the file at `path` may not become the embedded log: another database, or a file that is none.
 * Undefined for a log, and for no file or an empty one, which become a new log.
 */
export function foreignDatabaseAt(path: string): string | undefined {
  if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) === 0) return undefined;
  return notAnEventLog(path);
}
