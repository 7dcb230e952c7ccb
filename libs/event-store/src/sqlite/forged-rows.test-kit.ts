import type Database from 'better-sqlite3';
import { chainKeys } from '../event-store.port';
import { chainHash, withChain, withoutChain } from '../hash-chain';

/** A row of the embedded store's `events` table, as `SELECT *` gives it. */
export interface StoredRow {
  readonly position: number;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

export const storedRows = (db: Database.Database, stream: string): StoredRow[] =>
  db.prepare<[string], StoredRow>('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream);

/** The row's metadata JSON with its chain keys recomputed, as a forger who knows the hash would write it. */
export function forgedMetadata(row: StoredRow, previousHash: string | null): string {
  const metadata = withoutChain(JSON.parse(row.metadata) as Record<string, unknown>);
  const hash = chainHash({
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata,
    recordedAt: row.recorded_at,
    previousHash,
  });
  return JSON.stringify(withChain(metadata, hash, previousHash));
}

export const hashIn = (metadataJson: string): string =>
  (JSON.parse(metadataJson) as Record<string, string>)[chainKeys.hash]!;

/**
 * Rewrites `rows` (one stream's, in order) in place, each as `change` makes it, with every chain key
 * recomputed from `previousHash` on: a chain consistent in itself, as a forger would leave it.
 */
export function forgeChain(
  db: Database.Database,
  rows: readonly StoredRow[],
  previousHash: string | null,
  change: (row: StoredRow) => StoredRow = (row) => row,
): void {
  const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
  let previous = previousHash;
  for (const row of rows) {
    const changed = change(row);
    const metadata = forgedMetadata(changed, previous);
    update.run(changed.data, metadata, row.position);
    previous = hashIn(metadata);
  }
}

/** Inserts a row behind the store's back; its position is the next rowid. */
export const insertRow = (db: Database.Database, row: Omit<StoredRow, 'position'>): void =>
  void db
    .prepare(
      'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(row.id, row.stream, row.revision, row.type, row.data, row.metadata, row.recorded_at);
