import type Database from 'better-sqlite3';
import { type RecordedEvent } from '@ledger/event-store';

/**
 * A read model kept in the projector's SQLite file. `apply` runs inside the projector's
 * transaction, together with the checkpoint: it must be synchronous and touch only its tables.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; the projector counts events that no projection reads. */
  readonly eventTypes: ReadonlySet<string>;
  /** Creates its tables if missing. */
  migrate(db: Database.Database): void;
  /**
   * Creates its secondary indexes if missing. Apart from `migrate` so that a rebuild can create them
   * once from the loaded rows: keeping them up to date row by row was most of a bulk load's cost.
   */
  createIndexes?(db: Database.Database): void;
  apply(db: Database.Database, event: RecordedEvent): void;
  /** Called once at the end of each batch, inside its transaction: write what `apply` kept in memory. */
  endBatch?(db: Database.Database): void;
  /** Called when a batch's transaction rolled back: forget what `apply` kept in memory. */
  abortBatch?(): void;
}
