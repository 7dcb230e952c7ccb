import type Database from 'better-sqlite3';
import {
  accessRecordTypes,
  evolve,
  initialState,
  type InsuredPersonEvent,
  type InsuredPersonState,
} from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { type Projection } from '../projection';
import { parsePersonStream, personEventTypes } from '../person-stream';
import { decodePersonState, encodePersonState } from './person-state-codec';

/**
 * Keeps each person's folded domain state, so that every question about a date is answered by
 * the domain's own functions (coverage, registration on a date, obligations) instead of a second
 * copy of the rules in SQL. Per-person streams are short, so the state stays small.
 */
export class QualificationProjection implements Projection {
  readonly name = 'qualification';
  /**
   * Access records (R40) change no state: skipping them spares a decode, encode and write of the
   * person for every eligibility check. The stored revision is that of the last event that changed it.
   */
  readonly eventTypes: ReadonlySet<string> = new Set(
    [...personEventTypes].filter((type) => !accessRecordTypes.has(type)),
  );
  private statements?: {
    readonly read: Database.Statement<[string], { state: string }>;
    readonly write: Database.Statement<[string, string, string, string, number]>;
  };

  migrate(db: Database.Database): void {
    db.exec(`
      -- A rowid table: states of a kilobyte and more are why, WITHOUT ROWID moves whole rows at each page split.
      CREATE TABLE IF NOT EXISTS person_states (
        stream TEXT NOT NULL UNIQUE,
        insurer_number TEXT NOT NULL,
        person_id TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
    `);
    this.statements = {
      read: db.prepare('SELECT state FROM person_states WHERE stream = ?'),
      write: db.prepare(
        `INSERT INTO person_states (stream, insurer_number, person_id, state, revision) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET state = excluded.state, revision = excluded.revision`,
      ),
    };
  }

  createIndexes(db: Database.Database): void {
    db.exec('CREATE INDEX IF NOT EXISTS person_states_by_insurer ON person_states (insurer_number, person_id)');
  }

  /** States touched by the current batch: decoded once, written once at the end of the batch. */
  private readonly touched = new Map<
    string,
    { person: { insurerNumber: string; personId: string }; state: InsuredPersonState; revision: number }
  >();

  apply(_db: Database.Database, event: RecordedEvent): void {
    const person = parsePersonStream(event.stream);
    if (!person || !this.statements) return;
    const cached = this.touched.get(event.stream);
    // The first event of a stream has nothing before it: a rebuild skips a lookup per person.
    const stored = cached || event.revision === 0 ? undefined : this.statements.read.get(event.stream);
    const state: InsuredPersonState = cached?.state ?? (stored ? decodePersonState(stored.state) : initialState);
    const next = evolve(state, { type: event.type, schemaVersion: 1, data: event.data } as InsuredPersonEvent);
    this.touched.set(event.stream, { person, state: next, revision: event.revision });
  }

  endBatch(): void {
    for (const [stream, { person, state, revision }] of this.touched) {
      this.statements!.write.run(stream, person.insurerNumber, person.personId, encodePersonState(state), revision);
    }
    this.touched.clear();
  }

  abortBatch(): void {
    this.touched.clear();
  }
}

/** The state of one person as the read model holds it, or undefined for an unknown person. */
export function personState(db: Database.Database, stream: string): InsuredPersonState | undefined {
  const row = db.prepare<[string], { state: string }>('SELECT state FROM person_states WHERE stream = ?').get(stream);
  return row ? decodePersonState(row.state) : undefined;
}
