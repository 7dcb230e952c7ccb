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
    if (tables.length === 1 && hasLogColumns(db, tables[0]!)) return partOfTheLog(tables[0]!);
    return statSync(path).size === 0
      ? 'it is an empty file'
      : "it is an SQLite database without the event log's tables";
  } catch (error) {
    return (error as { code?: unknown }).code === 'SQLITE_NOTADB' ? 'it is not an SQLite database' : undefined;
  } finally {
    db?.close();
  }
}

const logTables = ['events', 'streams'] as const;

/** The columns of the log's tables (schema.ts): another application's table called `events` has others. */
const logColumns: Readonly<Record<string, string>> = {
  events: 'position,id,stream,revision,type,data,metadata,recorded_at',
  streams: 'stream,revision,hash',
};

const hasLogColumns = (db: Database.Database, table: string): boolean =>
  db.prepare<[string], string>('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table).join(',') ===
  logColumns[table];

/** One of the log's two tables without the other: a log someone damaged, not another database. */
const partOfTheLog = (present: string): string =>
  `it holds the event log's ${present} table but not its ${logTables.find((table) => table !== present)!} table: ` +
  `the log is damaged`;
const damagedLogReasons: ReadonlySet<string> = new Set(logTables.map(partOfTheLog));

/**
 * Why the file at `path` is a damaged event log: one of its tables without the other. A finding of
 * the log itself (exit 1 for the CLI), not a wrong path; the store refuses it as it refuses another
 * database, and never creates the missing table over what is left.
 */
export function damagedEventLog(path: string): string | undefined {
  const reason = notAnEventLog(path);
  return reason !== undefined && damagedLogReasons.has(reason) ? reason : undefined;
}

/**
 * Why the file at `path` may not become the embedded log: another database, or a file that is none.
 * Undefined for a log, and for no file or an empty one, which become a new log.
 */
export function foreignDatabaseAt(path: string): string | undefined {
  if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) === 0) return undefined;
  return notAnEventLog(path);
}
