import Database from 'better-sqlite3';
import { newEventId } from '@ledger/event-store';
import { type AccessRecord } from './access-record';

/** An access record as kept in the outbox, with the event id it will have in the store. */
export interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** The local SQLite file where access records wait for the store (ADR 0006). */
export class AccessOutbox {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string, string]>;
  private readonly oldestRows: Database.Statement<[number], OutboxRow>;
  private readonly remove: Database.Statement<[number]>;
  private readonly count: Database.Statement<[], { count: number }>;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // An answered check is recorded, whatever stops the machine: its record is on disk before the answer (ADR 0006).
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, stream TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)`);
    this.insert = this.db.prepare('INSERT INTO outbox (id, stream, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
    this.oldestRows = this.db.prepare('SELECT seq, id, stream, type, data, metadata FROM outbox ORDER BY seq LIMIT ?');
    this.remove = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
    this.count = this.db.prepare('SELECT count(*) AS count FROM outbox');
  }

  /** Writes the records in one transaction, each with the event id fixed now. */
  add(records: readonly AccessRecord[]): void {
    this.db.transaction(() => {
      for (const { stream, type, data, metadata } of records) {
        this.insert.run(newEventId(), stream, type, JSON.stringify(data), JSON.stringify(metadata));
      }
    })();
  }

  oldest(count: number): OutboxRow[] {
    return this.oldestRows.all(count);
  }

  /** Removes the rows the store now holds, in one transaction. */
  removeAll(rows: readonly OutboxRow[]): void {
    this.db.transaction(() => {
      for (const row of rows) this.remove.run(row.seq);
    })();
  }

  size(): number {
    return this.count.get()!.count;
  }

  close(): void {
    this.db.close();
  }
}
