import { type RecordedEvent } from '@ledger/event-store/embedded';
import { type Projection } from './projection';
import { type RowBatch, RowWrites, type WriteStatements } from './writes/row-writes';

export interface FoldedBatch {
  /** The position of the last event folded: the checkpoint to commit with the rows. */
  readonly position: number;
  readonly rows: RowBatch;
  /** Types of the events that no projection reads, once per event. */
  readonly unknownTypes: readonly string[];
  /** Events at or below the position folded from, ignored. */
  readonly redelivered: number;
}

/**
 * Folds events through the projections into the rows they write, executing nothing: the
 * projector commits the rows at once, a rebuild hands them to its writer thread.
 */
export class BatchFold {
  readonly statements: WriteStatements;
  private readonly readers = new Map<string, readonly Projection[]>();
  private readonly writes = new RowWrites();

  constructor(private readonly projections: readonly Projection[]) {
    const statements: Record<string, WriteStatements[string]> = {};
    for (const projection of projections) {
      for (const [name, statement] of Object.entries(projection.writeStatements)) {
        if (name in statements) throw new Error(`two projections declare the write statement ${name}`);
        statements[name] = statement;
      }
    }
    this.statements = statements;
  }

  /** Folds the events after `position`; the projections' state is that of the batch folded last. */
  fold(batch: readonly RecordedEvent[], position: number): FoldedBatch {
    let last = position;
    let redelivered = 0;
    const unknownTypes: string[] = [];
    for (const event of batch) {
      if (event.position <= last) {
        redelivered += 1;
        continue;
      }
      const readers = this.readersOf(event.type);
      for (const projection of readers) projection.apply(event, this.writes);
      if (readers.length === 0) unknownTypes.push(event.type);
      last = event.position;
    }
    for (const projection of this.projections) projection.endBatch?.(this.writes);
    return { position: last, rows: this.writes.take(), unknownTypes, redelivered };
  }

  /** The batch was not committed, or the read models changed under the projections. */
  forget(): void {
    this.writes.take();
    for (const projection of this.projections) projection.forget?.();
  }

  private readersOf(type: string): readonly Projection[] {
    let readers = this.readers.get(type);
    if (!readers) {
      readers = this.projections.filter((projection) => projection.eventTypes.has(type));
      this.readers.set(type, readers);
    }
    return readers;
  }
}
