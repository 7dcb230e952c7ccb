import type Database from 'better-sqlite3';
import {
  evolve,
  initialState,
  type InsuredPersonState,
  parsePersonStream,
  stateKeepingTypes,
  storedEvent,
} from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store/embedded';
import { type Projection } from '../projection';
import { personEventTypes } from '../person-stream';
import { decodePersonState, encodePersonState } from './person-state-codec';
import { RecentWrites } from '../writes/recent-writes';
import { type RowWrites, type WriteStatements } from '../writes/row-writes';

/**
 * Keeps each person's folded domain state, so that every question about a date is answered by
 * the domain's own functions (coverage, registration on a date, obligations) instead of a second
 * copy of the rules in SQL. Per-person streams are short, so the state stays small.
 */
export class QualificationProjection implements Projection {
  readonly name = 'qualification';
  /**
   * Access records (R40) and confirmed details change no state: skipping them spares a decode, encode
   * and write of the person for every eligibility check. The stored revision is that of the last
   * event that changed it.
   */
  readonly eventTypes: ReadonlySet<string> = new Set(
    [...personEventTypes].filter((type) => !stateKeepingTypes.has(type)),
  );
  readonly writeStatements: WriteStatements = {
    [personStateWrite]: {
      insert: 'INSERT INTO person_states (stream, insurer_number, person_id, state, revision)',
      columns: 5,
      onConflict: 'ON CONFLICT (stream) DO UPDATE SET state = excluded.state, revision = excluded.revision',
    },
  };
  private db?: Database.Database;
  /** States touched by the current batch: decoded once, written once at the end of the batch. */
  private readonly touched = new Map<
    string,
    { person: { insurerNumber: string; personId: string }; state: InsuredPersonState; revision: number }
  >();
  private readonly recent = new RecentWrites<InsuredPersonState>();

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
      CREATE INDEX IF NOT EXISTS person_states_by_insurer ON person_states (insurer_number, person_id);
    `);
    this.db = db;
  }

  apply(event: RecordedEvent): void {
    const person = parsePersonStream(event.stream);
    if (!person) return;
    const state = this.touched.get(event.stream)?.state ?? this.stateBefore(event);
    const next = evolve(state, storedEvent(event));
    this.touched.set(event.stream, { person, state: next, revision: event.revision });
  }

  endBatch(writes: RowWrites): void {
    for (const [stream, { person, state, revision }] of this.touched) {
      // Encoded here, not in a rebuild's writer thread: a state that came through the structured clone
      // took the writer about three times as long to encode, and text clones far cheaper than objects.
      writes
        .rowsOf(personStateWrite)
        .push(stream, person.insurerNumber, person.personId, encodePersonState(state), revision);
      this.recent.set(stream, state);
    }
    this.touched.clear();
    this.recent.endBatch();
  }

  forget(): void {
    this.touched.clear();
    this.recent.clear();
  }

  /**
   * The person's state with `event` folded in, for a projection that comes after this one in the
   * same fold (it names this one in `foldsAfter`).
   */
  stateAfter(event: RecordedEvent): InsuredPersonState {
    const touched = this.touched.get(event.stream);
    if (touched?.revision !== event.revision) {
      throw new Error(`the qualification projection has not folded ${event.stream}@${event.revision} yet`);
    }
    return touched.state;
  }

  /** The first event of a stream has nothing before it: a rebuild skips a lookup per person. */
  private stateBefore(event: RecordedEvent): InsuredPersonState {
    if (event.revision === 0) return initialState;
    const recent = this.recent.get(event.stream);
    if (recent) return recent;
    if (!this.db) throw new Error('the qualification projection reads person states once migrated');
    return personState(this.db, event.stream) ?? initialState;
  }
}

const personStateWrite = 'qualification.person-state';

/** Prepared once per connection: lookups and the feeds ask it for every request or event. */
const stateStatements = new WeakMap<Database.Database, Database.Statement<[string], { state: string }>>();

/** The state of one person as the read model holds it, or undefined for an unknown person. */
export function personState(db: Database.Database, stream: string): InsuredPersonState | undefined {
  let statement = stateStatements.get(db);
  if (!statement) {
    statement = db.prepare<[string], { state: string }>('SELECT state FROM person_states WHERE stream = ?');
    stateStatements.set(db, statement);
  }
  const row = statement.get(stream);
  return row ? decodePersonState(row.state) : undefined;
}
