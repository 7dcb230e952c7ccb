import type Database from 'better-sqlite3';

/**
 * A projector's checkpoint as a column of another query (its name the statement's first parameter),
 * so that it is read in the same snapshot as the rows beside it: the projector may commit in another
 * thread meanwhile (ADR 0017).
 */
export const checkpointColumn = 'coalesce((SELECT position FROM checkpoints WHERE projector = ?), 0)';

/** The position up to which a projector applied the log, kept in the read models' own file. */
export class Checkpoints {
  private readonly read;
  private readonly write;

  constructor(db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS checkpoints (projector TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID',
    );
    this.read = db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projector = ?');
    this.write = db.prepare(
      'INSERT INTO checkpoints (projector, position) VALUES (?, ?) ON CONFLICT (projector) DO UPDATE SET position = excluded.position',
    );
  }

  positionOf(projector: string): number {
    return this.read.get(projector)?.position ?? 0;
  }

  save(projector: string, position: number): void {
    this.write.run(projector, position);
  }
}

/**
 * Where other read models (a rebuild swapped in) stand for `projector`, which is at `checkpoint`:
 * at or past it, or the move is refused.
 */
export function positionToReattachAt(db: Database.Database, projector: string, checkpoint: number): number {
  const position = new Checkpoints(db).positionOf(projector);
  if (position < checkpoint) {
    throw new Error(`the read models are at ${position}, behind the projector's checkpoint ${checkpoint}`);
  }
  return position;
}
