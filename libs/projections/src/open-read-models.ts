import Database from 'better-sqlite3';

/**
 * The read models' SQLite file. `synchronous=NORMAL` in WAL mode keeps every transaction atomic;
 * a power loss can only drop the last batches together with their checkpoint, and the projector
 * then applies them again. Read models are rebuildable, the log is the durable record.
 */
export function openReadModels(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
