import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** SHA-256 over a table's rows in primary-key order: two read models are equal when every table's checksum is. */
function tableChecksum(db: Database.Database, table: string): string {
  const hash = createHash('sha256');
  for (const row of db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY 1`).iterate()) {
    hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

export function readModelChecksums(db: Database.Database): Record<string, string> {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  return Object.fromEntries(tables.map(({ name }) => [name, tableChecksum(db, name)]));
}
