import type Database from 'better-sqlite3';

/**
 * One table for the log, one for stream heads. `position` is the rowid: appends go to the end of
 * the B-tree. An event id is unique within its stream, as the port promises (EventStoreDB checks
 * no more either): indexed after the stream, a person's ids sit together, where the ids the ledger
 * derives (UUID v5, ADR 0005) scattered over an index of ids alone cost a page written per event
 * (ADR 0014). A log made before keeps its index of ids alone (`idsUniqueIn`).
 */
export function prepareSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: an append is acknowledged only once its commit is on disk, also in WAL mode.
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (${eventsTableColumns});
    CREATE TABLE IF NOT EXISTS streams (
      stream TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      hash TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}

const eventsTableColumns = `
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream, revision),
  UNIQUE (stream, id)`;

/**
 * Gives a log made before 2026-12-05 its ids indexed per stream (ADR 0014): its rows, at their
 * positions and as they are, copied into a table of today's layout that takes the old one's place,
 * in one transaction. The hash chain is over the rows' content, so it verifies as before. The
 * events copied; undefined for a log whose ids are indexed per stream already.
 */
export function indexIdsPerStream(db: Database.Database): number | undefined {
  if (idsUniqueIn(db) === 'stream') return undefined;
  return db
    .transaction(() => {
      db.exec(`CREATE TABLE events_with_ids_per_stream (${eventsTableColumns})`);
      const copied = db
        .prepare(
          `INSERT INTO events_with_ids_per_stream (${eventColumns}) SELECT ${eventColumns} FROM events ORDER BY position`,
        )
        .run().changes;
      db.exec('DROP TABLE events; ALTER TABLE events_with_ids_per_stream RENAME TO events');
      return copied;
    })
    .immediate();
}

/**
 * Where the log holds an event id unique: in its stream, or, in a log made before 2026-12-05, in the
 * whole log. A repeat is looked for where the index can answer it.
 */
export function idsUniqueIn(db: Database.Database): 'stream' | 'log' {
  const uniqueIndexes = db
    .prepare<[], { name: string; unique: number }>(`SELECT name, "unique" FROM pragma_index_list('events')`)
    .all()
    .filter((index) => index.unique === 1);
  const columnsOf = (index: string) =>
    db.prepare<[string], string>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index).join(',');
  return uniqueIndexes.some((index) => columnsOf(index.name) === 'stream,id') ? 'stream' : 'log';
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
export const rowId = 1;
export const rowStream = 2;
export const rowRevision = 3;
