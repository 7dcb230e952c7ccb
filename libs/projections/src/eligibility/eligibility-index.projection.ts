import type Database from 'better-sqlite3';
import { detailsHeld, parsePersonStream, type PrintedDetails } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store/embedded';
import { checkpointColumn } from '../checkpoints';
import { type Projection } from '../projection';
import { type RowWrites, type WriteStatements } from '../writes/row-writes';
import { decodePersonState } from '../qualification/person-state-codec';
import { type QualificationProjection } from '../qualification/qualification.projection';

const numbersWrite = 'eligibility-index.numbers';

/**
 * Every (insurer, symbol, number, branch) a person held over valid time, pointing at the stream: an
 * eligibility check by numbers finds its candidates with one indexed read, also for numbers that
 * have changed since (validity 3). The combinations come from the person's folded state, at each
 * effective date, so a late report of an earlier change indexes what the person really held then.
 * An absent symbol or branch is kept as ''. Rows are only added: numbers a correction took back stay,
 * and the answer, which reads the state, finds nobody under them (ADR 0012).
 */
export class EligibilityIndexProjection implements Projection {
  readonly name = 'eligibility-index';
  readonly eventTypes: ReadonlySet<string> = new Set([
    'QualificationAcquired',
    'QualificationAcquiredCorrected',
    'QualificationDetailsChanged',
  ]);
  readonly foldsAfter: readonly Projection[];
  readonly writeStatements: WriteStatements = {
    [numbersWrite]: {
      insert: 'INSERT OR IGNORE INTO eligibility_numbers (insurer_number, symbol, number, branch, stream)',
      columns: 5,
    },
  };

  constructor(private readonly qualification: QualificationProjection) {
    this.foldsAfter = [qualification];
  }

  migrate(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS eligibility_numbers (
        insurer_number TEXT NOT NULL, number TEXT NOT NULL, symbol TEXT NOT NULL, branch TEXT NOT NULL,
        stream TEXT NOT NULL,
        PRIMARY KEY (insurer_number, number, symbol, branch, stream)
      ) WITHOUT ROWID;
    `);
  }

  apply(event: RecordedEvent, writes: RowWrites): void {
    if (!parsePersonStream(event.stream)) return;
    const changed = event.data as Partial<PrintedDetails>;
    const changesNumbers = changed.symbol !== undefined || changed.number !== undefined || changed.branch !== undefined;
    if (event.type === 'QualificationDetailsChanged' && !changesNumbers) return;
    // Changes of other details repeat the numbers held before them: one row for each combination.
    const held = new Map<string, readonly string[]>();
    for (const details of detailsHeld(this.qualification.stateAfter(event))) {
      const numbers = [details.insurerNumber, details.symbol ?? '', details.number, details.branch ?? ''];
      held.set(numbers.join('\u0000'), numbers);
    }
    const rows = writes.rowsOf(numbersWrite);
    for (const numbers of held.values()) rows.push(...numbers, event.stream);
  }
}

type NumbersAsked = { insurerNumber: string; symbol?: string; number: string; branch?: string };

/** Finds the persons whose streams ever held some numbers, or were recorded with them before a correction. */
export class EligibilityIndex {
  private readonly statements;

  /** `projector`: the name of the checkpoint of the projector that keeps these read models. */
  constructor(
    readonly db: Database.Database,
    private readonly projector: string,
  ) {
    // Prepared once, and one query per check with the states joined in: a check runs thousands of times a second.
    const holding = `SELECT DISTINCT stream FROM eligibility_numbers WHERE insurer_number = ? AND number = ? AND symbol = ?`;
    const withStates = (select: string) =>
      db
        .prepare<string[], [string, string, number]>(
          `SELECT held.stream, person_states.state, ${checkpointColumn} FROM (${select}) AS held
           JOIN person_states ON person_states.stream = held.stream`,
        )
        .raw(true);
    this.statements = {
      candidatesWithBranch: withStates(`${holding} AND branch = ?`),
      candidatesAnyBranch: withStates(holding),
    };
  }

  /**
   * The persons who ever held the numbers (without a branch: under every branch of the symbol and
   * number), with their states as the qualification read model keeps them and the projector's
   * checkpoint they were read at.
   */
  candidates(numbers: NumbersAsked) {
    const rows =
      numbers.branch === undefined
        ? this.statements.candidatesAnyBranch.all(
            this.projector,
            numbers.insurerNumber,
            numbers.number,
            numbers.symbol ?? '',
          )
        : this.statements.candidatesWithBranch.all(
            this.projector,
            numbers.insurerNumber,
            numbers.number,
            numbers.symbol ?? '',
            numbers.branch,
          );
    return rows.map(([stream, state, checkpoint]) => ({ key: stream, state: decodePersonState(state), checkpoint }));
  }
}
