import { type EventStore } from '@ledger/event-store';
import { existsSync, rmSync } from 'node:fs';
import { AccessOutbox } from './access-outbox';
import { type AccessRecord } from './access-record';

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
   * where the outbox took one more. An outbox an earlier run left is drained, then removed; none is
   * created.
   */
  readonly straightToStore?: boolean;
  readonly onDrainError?: (error: unknown) => void;
}

/**
 * Records reads without making the reader wait for a remote event store (ADR 0006). A record is
 * first written to a local SQLite outbox (WAL), together with the other records of the same tick,
 * before the caller is answered; the outbox is drained into the store in the background, one event
 * per append with its id fixed at record time, so a drain repeated after a crash writes nothing
 * twice. With `straightToStore` (a local store) records skip the outbox.
 */
export class AccessRecorder {
  /** None when records go straight to the store and no earlier run left an outbox. */
  private outbox?: AccessOutbox;
  private pending: { record: AccessRecord; done: () => void; failed: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly path: string,
    private readonly options: AccessRecorderOptions = {},
  ) {
    if (!options.straightToStore || existsSync(path)) this.outbox = new AccessOutbox(path);
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
    if (!this.outbox) return;
    this.timer ??= setInterval(() => void this.drain(), this.options.drainIntervalMs ?? 25);
    this.timer.unref();
    void this.drain();
  }

  /** Records still waiting for the store. */
  backlog(): number {
    return this.outbox?.size() ?? 0;
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
    this.stop();
  }

  /** No more drains: the timer stopped and the outbox, if any, closed. */
  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.outbox?.close();
    this.outbox = undefined;
  }

  private writePending(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.outbox!.add(batch.map(({ record }) => record));
    } catch (error) {
      for (const each of batch) each.failed(error);
      return;
    }
    for (const each of batch) each.done();
  }

  private async drainOnce(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    const rows = outbox.oldest(this.options.drainBatch ?? 500);
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
    outbox.removeAll(rows.filter((_, index) => results[index]!.status === 'fulfilled'));
    for (const result of results) if (result.status === 'rejected') this.options.onDrainError?.(result.reason);
    if (this.options.straightToStore && outbox.size() === 0) this.retireOutbox();
  }

  /** Straight to the store, an emptied outbox has served its purpose: no file is left to poll. */
  private retireOutbox(): void {
    this.stop();
    // Closing the last connection checkpointed and removed the WAL; these are what may be left.
    for (const file of [this.path, `${this.path}-wal`, `${this.path}-shm`]) rmSync(file, { force: true });
  }
}
