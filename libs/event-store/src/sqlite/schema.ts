import type Database from 'better-sqlite3';

/**
 * One table for the log, one for stream heads. `position` is the rowid: appends go to the end of
 * the B-tree, and time-ordered (v7) ids keep the unique id index append-mostly too.
 */
export function prepareSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: an append is acknowledged only once its commit is on disk, also in WAL mode.
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      UNIQUE (stream, revision)
    );
    CREATE TABLE IF NOT EXISTS streams (
      stream TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      hash TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}

/**
 * One row of `events` as `SELECT ${eventColumns}` returns it in raw mode: an array rather than an
 * object with named properties, which takes better-sqlite3 about half the time to build per row.
 */
export type EventRow = readonly [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export const eventColumns = 'position, id, stream, revision, type, data, metadata, recorded_at';
export const rowPosition = 0;
export const rowRevision = 3;
