import type Database from 'better-sqlite3';
import { type RecordedEvent } from '@ledger/event-store';
import { type Projection } from '../projection';
import { RecentWrites } from '../writes/recent-writes';
import { type RowWrites, type WriteStatements } from '../writes/row-writes';
import { parsePersonStream } from '../person-stream';
import { decodePersonState } from '../qualification/person-state-codec';

interface Numbers {
  readonly insurerNumber: string;
  readonly symbol: string;
  readonly number: string;
  readonly branch: string;
}

type NumbersData = Partial<Omit<Numbers, 'insurerNumber'>> & { readonly insurerNumber?: string };

const numbersWrite = 'eligibility-index.numbers';

/**
 * Every (insurer, symbol, number, branch) a person's stream ever held, pointing at the stream: an
 * eligibility check by numbers finds its candidates with one indexed read, also for numbers that
 * have changed since (validity 3). An absent symbol or branch is kept as ''.
 */
export class EligibilityIndexProjection implements Projection {
  readonly name = 'eligibility-index';
  readonly eventTypes: ReadonlySet<string> = new Set(['QualificationAcquired', 'QualificationDetailsChanged']);
  readonly writeStatements: WriteStatements = {
    [numbersWrite]: {
      insert: 'INSERT INTO eligibility_numbers (insurer_number, symbol, number, branch, stream, revision)',
      columns: 6,
      onConflict: 'ON CONFLICT DO UPDATE SET revision = excluded.revision',
    },
  };
  private latest?: Database.Statement<[string], Numbers>;
  /** The numbers each stream was last given: the latest row of the stream, committed or not. */
  private readonly recent = new RecentWrites<Numbers>();

  migrate(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS eligibility_numbers (
        insurer_number TEXT NOT NULL, number TEXT NOT NULL, symbol TEXT NOT NULL, branch TEXT NOT NULL,
        stream TEXT NOT NULL, revision INTEGER NOT NULL,
        PRIMARY KEY (insurer_number, number, symbol, branch, stream)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS eligibility_numbers_by_stream ON eligibility_numbers (stream, revision);
    `);
    this.latest = db.prepare(
      `SELECT insurer_number AS insurerNumber, symbol, number, branch FROM eligibility_numbers
       WHERE stream = ? ORDER BY revision DESC LIMIT 1`,
    );
  }

  apply(event: RecordedEvent, writes: RowWrites): void {
    if (!parsePersonStream(event.stream)) return;
    const data = event.data as NumbersData;
    const changesNumbers = data.symbol !== undefined || data.number !== undefined || data.branch !== undefined;
    if (event.type === 'QualificationDetailsChanged' && !changesNumbers) return;
    const before = event.type === 'QualificationAcquired' ? undefined : this.numbersBefore(event.stream);
    const insurerNumber = data.insurerNumber ?? before?.insurerNumber;
    const number = data.number ?? before?.number;
    if (insurerNumber === undefined || number === undefined) return;
    const numbers = {
      insurerNumber,
      symbol: data.symbol ?? before?.symbol ?? '',
      number,
      branch: data.branch ?? before?.branch ?? '',
    };
    writes
      .rowsOf(numbersWrite)
      .push(insurerNumber, numbers.symbol, number, numbers.branch, event.stream, event.revision);
    this.recent.set(event.stream, numbers);
  }

  endBatch(): void {
    this.recent.endBatch();
  }

  forget(): void {
    this.recent.clear();
  }

  private numbersBefore(stream: string): Numbers | undefined {
    if (!this.latest) throw new Error('the eligibility index reads numbers once migrated');
    return this.recent.get(stream) ?? this.latest.get(stream);
  }
}

type NumbersAsked = { insurerNumber: string; symbol?: string; number: string; branch?: string };

/** Finds the persons whose streams ever held some numbers. */
export class EligibilityIndex {
  private readonly statements;

  constructor(readonly db: Database.Database) {
    // Prepared once, and one query per check with the states joined in: a check runs thousands of times a second.
    const holding = `SELECT DISTINCT stream FROM eligibility_numbers WHERE insurer_number = ? AND number = ? AND symbol = ?`;
    const withStates = (select: string) =>
      db
        .prepare<string[], [string, string]>(
          `SELECT held.stream, person_states.state FROM (${select}) AS held
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
   * number), with their states as the qualification read model keeps them.
   */
  candidates(numbers: NumbersAsked) {
    const rows =
      numbers.branch === undefined
        ? this.statements.candidatesAnyBranch.all(numbers.insurerNumber, numbers.number, numbers.symbol ?? '')
        : this.statements.candidatesWithBranch.all(
            numbers.insurerNumber,
            numbers.number,
            numbers.symbol ?? '',
            numbers.branch,
          );
    return rows.map(([stream, state]) => ({ key: stream, state: decodePersonState(state) }));
  }
}
