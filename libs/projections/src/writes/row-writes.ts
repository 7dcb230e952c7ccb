/**
 * A statement a projection writes its rows with, prepared by name by whichever connection commits
 * the batch: the projector's own, or the rebuild's writer thread. The writer adds the VALUES, for
 * one row or for several at once.
 */
export interface WriteStatement {
  /** `INSERT [OR IGNORE] INTO table (columns)`. */
  readonly insert: string;
  /** Parameters per row. */
  readonly columns: number;
  /** What follows the VALUES: an upsert's `ON CONFLICT` clause. */
  readonly onConflict?: string;
}

export type WriteStatements = Readonly<Record<string, WriteStatement>>;

/**
 * A batch's rows as plain data, cheap to post to a worker: per statement name, the parameters of
 * its rows one row after another. Rows of one statement keep their order; rows of different
 * statements write different tables, so their order does not matter.
 */
export type RowBatch = Record<string, unknown[]>;

/**
 * How many batches handed to a rebuild's writer thread may not be committed yet while the next one
 * is folded: one committing and one waiting, so the writer goes from one commit straight to the
 * next. With one, each thread waited on the other about a twentieth of the time. A read during the
 * fold finds their rows in `RecentWrites`.
 */
export const uncommittedBatches = 2;

/** What the projections of one batch want written; nothing is executed until the batch commits. */
export class RowWrites {
  private rows: RowBatch = {};

  /** Where the rows of `statement` go: push each row's parameters, in order. */
  rowsOf(statement: string): unknown[] {
    return (this.rows[statement] ??= []);
  }

  /** The rows written since the last call, as data the writer owns from now on. */
  take(): RowBatch {
    const rows = this.rows;
    this.rows = {};
    return rows;
  }
}
