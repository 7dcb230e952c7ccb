import Database from 'better-sqlite3';
import { type EventStore, newEventId } from '@ledger/event-store';

/** One read of a person's record (R40), to be appended to the person's stream. */
export interface AccessRecord {
  readonly stream: string;
  readonly type: 'EligibilityChecked' | 'PersonLookedUp';
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface AccessRecorderOptions {
  /**
   * How often the outbox is drained into the store (default 25 ms). A drain holds the process's
   * only thread while its records are appended and committed: short drains keep those pauses
   * short, and each pause is what every check waiting behind it adds to its answer time.
   */
  readonly drainIntervalMs?: number;
  /** Most records appended per drain (default 500), so that a backlog too is drained in short pauses. */
  readonly drainBatch?: number;
  /**
   * Append each record to the store itself, answered once committed (the embedded store): its
   * group commit syncs anyway, and one fsync then serves the records and the commands of a tick
   * where the outbox took one more. What an earlier run left in the outbox is still drained.
   */
  readonly straightToStore?: boolean;
  readonly onDrainError?: (error: unknown) => void;
}

interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/**
 * Records reads without making the reader wait for a remote event store (ADR 0006). A record is
 * first written to a local SQLite outbox (WAL), together with the other records of the same tick,
 * before the caller is answered; the outbox is drained into the store in the background, one event
 * per append with its id fixed at record time, so a drain repeated after a crash writes nothing
 * twice. With `straightToStore` (a local store) records skip the outbox.
 */
export class AccessRecorder {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, string, string, string, string]>;
  private readonly oldest: Database.Statement<[number], OutboxRow>;
  private readonly remove: Database.Statement<[number]>;
  private pending: { record: AccessRecord; done: () => void; failed: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    path: string,
    private readonly options: AccessRecorderOptions = {},
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // An answered check is recorded, whatever stops the machine: its record is on disk before the answer (ADR 0006).
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL, stream TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)`);
    this.insert = this.db.prepare('INSERT INTO outbox (id, stream, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
    this.oldest = this.db.prepare('SELECT seq, id, stream, type, data, metadata FROM outbox ORDER BY seq LIMIT ?');
    this.remove = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
  }

  /** Resolves once the record is in the outbox or the store: from then on it reaches the store, crash or not. */
  record(record: AccessRecord): Promise<void> {
    if (this.options.straightToStore) {
      const { stream, type, data, metadata } = record;
      // No id of its own: appended once, it has no repeat to be found by, and the store's id costs no lookup.
      return this.store.append(stream, [{ type, data, metadata }], 'any').then(() => undefined);
    }
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => this.writePending());
      this.pending.push({ record, done, failed });
    });
  }

  /** Drains what an earlier run left, then keeps draining in the background. */
  start(): void {
    this.timer ??= setInterval(() => void this.drain(), this.options.drainIntervalMs ?? 25);
    this.timer.unref();
    void this.drain();
  }

  /** Records still waiting for the store. */
  backlog(): number {
    return this.db.prepare<[], { count: number }>('SELECT count(*) AS count FROM outbox').get()!.count;
  }

  /** Appends the oldest records to the store; one drain at a time. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Stops the timer and drains everything to the store before the store closes. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.writePending();
    while (this.backlog() > 0) {
      const before = this.backlog();
      await this.drain();
      if (this.backlog() >= before) break;
    }
    this.db.close();
  }

  private writePending(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.db.transaction(() => {
        for (const { record } of batch) {
          const { stream, type, data, metadata } = record;
          this.insert.run(newEventId(), stream, type, JSON.stringify(data), JSON.stringify(metadata));
        }
      })();
    } catch (error) {
      for (const each of batch) each.failed(error);
      return;
    }
    for (const each of batch) each.done();
  }

  private async drainOnce(): Promise<void> {
    const rows = this.oldest.all(this.options.drainBatch ?? 500);
    const results = await Promise.allSettled(
      rows.map((row) =>
        this.store.append(
          row.stream,
          [
            {
              id: row.id,
              type: row.type,
              data: JSON.parse(row.data) as unknown,
              metadata: JSON.parse(row.metadata) as Record<string, unknown>,
            },
          ],
          'any',
        ),
      ),
    );
    this.db.transaction(() => {
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') this.remove.run(rows[index]!.seq);
        else this.options.onDrainError?.(result.reason);
      });
    })();
  }
}
