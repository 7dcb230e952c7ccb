import type Database from 'better-sqlite3';
import { Checkpoints } from '../checkpoints';
import { type RowBatch, type WriteStatement, type WriteStatements } from './row-writes';

/** Rows per multi-row INSERT: one statement step per 16 rows instead of 16. */
const rowsPerStatement = 16;

interface Prepared {
  readonly definition: WriteStatement;
  readonly one: Database.Statement;
  readonly many: Database.Statement;
}

/** The projector's checkpoint after a batch: committed with the batch's rows or not at all. */
export interface BatchCheckpoint {
  readonly projector: string;
  readonly position: number;
}

/**
 * Commits the projections' row writes, one transaction per batch with its checkpoint. The same
 * code runs in the projector's thread and in a rebuild's writer thread.
 */
export class RowWriter {
  private readonly statements = new Map<string, Prepared>();
  private readonly checkpoints: Checkpoints;

  constructor(
    private readonly db: Database.Database,
    statements: WriteStatements,
  ) {
    for (const [name, definition] of Object.entries(statements)) {
      this.statements.set(name, {
        definition,
        one: db.prepare(sql(definition, 1)),
        many: db.prepare(sql(definition, rowsPerStatement)),
      });
    }
    this.checkpoints = new Checkpoints(db);
  }

  commit(batch: RowBatch, checkpoint: BatchCheckpoint): void {
    this.db.transaction(() => {
      for (const [name, parameters] of Object.entries(batch)) this.write(name, parameters);
      this.checkpoints.save(checkpoint.projector, checkpoint.position);
    })();
  }

  private write(name: string, parameters: unknown[]): void {
    const prepared = this.statements.get(name);
    if (!prepared) throw new Error(`no projection declares the write statement ${name}`);
    const { definition, one, many } = prepared;
    const { columns } = definition;
    if (parameters.length % columns !== 0) {
      throw new Error(`${name} takes ${columns} parameters a row: ${parameters.length} are no whole number of rows`);
    }
    const chunk = columns * rowsPerStatement;
    let offset = 0;
    for (; offset + chunk <= parameters.length; offset += chunk) many.run(parameters.slice(offset, offset + chunk));
    for (; offset < parameters.length; offset += columns) one.run(parameters.slice(offset, offset + columns));
  }
}

function sql({ insert, columns, onConflict }: WriteStatement, rows: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return `${insert} VALUES ${Array.from({ length: rows }, () => row).join(', ')}${onConflict ? ` ${onConflict}` : ''}`;
}
