import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * The ceiling: the same schema, pragmas and rows as the embedded store, written by raw
 * better-sqlite3 with nothing else (no queue, no checks, no canonical JSON).
 */
export function openRaw(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
      UNIQUE (stream, revision));
    CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID;
  `);
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const head = db.prepare(
    'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
  );
  const hash = createHash('sha256').update('x').digest('hex');
  const row = (stream: string, data: string, metadata = '{}') => {
    insert.run(v7(), stream, 0, 'QualificationAcquired', data, metadata, new Date().toISOString());
    head.run(stream, 0, hash);
  };
  return {
    db,
    /** One transaction per group of rows; `metadata` defaults to `{}`. */
    insertGroup: db.transaction((rows: readonly { stream: string; data: string; metadata?: string }[]) => {
      for (const { stream, data, metadata } of rows) row(stream, data, metadata);
    }),
    readAllDecoded: () => {
      let count = 0;
      for (const event of db
        .prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position')
        .iterate()) {
        JSON.parse(event.data);
        JSON.parse(event.metadata);
        count += 1;
      }
      return count;
    },
    /** The same read with rows as arrays (raw mode), better-sqlite3's cheapest way to return them. */
    readAllDecodedAsArrays: () => {
      let count = 0;
      for (const [data, metadata] of db
        .prepare<[], [string, string, ...unknown[]]>(
          'SELECT data, metadata, position, id, stream, revision, type, recorded_at FROM events ORDER BY position',
        )
        .raw(true)
        .iterate()) {
        JSON.parse(data);
        JSON.parse(metadata);
        count += 1;
      }
      return count;
    },
  };
}
