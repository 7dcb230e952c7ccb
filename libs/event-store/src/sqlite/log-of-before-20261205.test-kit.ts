import Database from 'better-sqlite3';
import { prepareSchema } from './schema';

/**
 * Makes the log's tables at `path` as the store made them before 2026-12-05: the same, but for one
 * index of ids over the whole log where there is one per stream now (ADR 0014).
 */
export function makeLogOfBefore20261205(path: string): void {
  const db = new Database(path);
  prepareSchema(db);
  const events = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get()!;
  const before = events
    .replace(/\bid TEXT NOT NULL,/, 'id TEXT NOT NULL UNIQUE,')
    .replace(/,\s*UNIQUE \(stream, id\)/, '');
  if (before === events) throw new Error('the events table is no longer as this kit expects: update the kit');
  db.exec(`DROP TABLE events; ${before}`);
  db.close();
}
