import type Database from 'better-sqlite3';
import { auditColumns, type AuditEntry, auditEntryOf, type StoredAuditEntry } from './audit-trail.projection';

/**
 * An insurer's audit trail for a period of recorded time, in pages read by key: no statement stays
 * open between pages, so a slow reader of millions of rows neither holds them in memory nor blocks
 * the projector, which shares the connection. Each page asks `readModels` for its connection: a
 * rebuild may swap in a new file between pages, and the keyset goes on there.
 */
export function* auditPagesOfPeriod(
  readModels: { readonly db: Database.Database },
  insurerNumber: string,
  from: string,
  to: string,
  pageSize = 1_000,
): Iterable<readonly AuditEntry[]> {
  let page = readModels.db
    .prepare<[string, string, string, number], StoredAuditEntry>(
      `SELECT ${auditColumns} FROM audit_trail WHERE insurer_number = ? AND recorded_at >= ? AND recorded_at < ?
       ORDER BY recorded_at, position LIMIT ?`,
    )
    .all(insurerNumber, from, to, pageSize);
  while (page.length > 0) {
    yield page.map(auditEntryOf);
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    page = readModels.db
      .prepare<[string, string, number, string, number], StoredAuditEntry>(
        `SELECT ${auditColumns} FROM audit_trail WHERE insurer_number = ? AND (recorded_at, position) > (?, ?) AND recorded_at < ?
         ORDER BY recorded_at, position LIMIT ?`,
      )
      .all(insurerNumber, last.recordedAt, last.position, to, pageSize);
  }
}
