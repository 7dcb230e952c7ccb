import type Database from 'better-sqlite3';
import { type RecordedEvent } from '@ledger/event-store/embedded';
import { type RowWrites, type WriteStatements } from './writes/row-writes';

/**
 * A read model kept in the projector's SQLite file. `apply` records the rows an event changes
 * instead of writing them: the projector commits a batch's rows with its checkpoint in one
 * transaction, in its own thread or, during a rebuild, in a writer thread while the next batch is
 * folded. A projection touches only its own tables.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; the projector counts events that no projection reads. */
  readonly eventTypes: ReadonlySet<string>;
  /**
   * Projections whose in-memory results `apply` reads: they come before it in every fold,
   * also when it is rebuilt on its own.
   */
  readonly foldsAfter?: readonly Projection[];
  /** The statements its writes name; names are unique across the projections of one file. */
  readonly writeStatements: WriteStatements;
  /**
   * Creates its tables and their indexes if missing, and prepares its reads on `db`. A rebuild
   * creates the indexes before the load too: its writer thread keeps them up to date while the
   * main thread folds the next batch, which is cheaper than building them after the load.
   */
  migrate(db: Database.Database): void;
  /**
   * Records the rows `event` changes. A read must see the rows recorded before, also those of the
   * last batches, which may not be committed yet (`RecentWrites`).
   */
  apply(event: RecordedEvent, writes: RowWrites): void;
  /** Called once at the end of each batch: record what `apply` kept in memory. */
  endBatch?(writes: RowWrites): void;
  /** Forgets every row it remembers: the batch was not committed, or the read models were swapped. */
  forget?(): void;
}
