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

const numbersWrite = 'eligibility-index.numbers';

/** The streams that ever held these numbers; without a branch, every branch under the symbol and number. */
export class EligibilityIndex {
  private readonly withBranch: Database.Statement<[string, string, string, string], { stream: string }>;
  private readonly anyBranch: Database.Statement<[string, string, string], { stream: string }>;
  private readonly state: Database.Statement<[string], { state: string }>;

  constructor(readonly db: Database.Database) {
    // Prepared once: a check runs thousands of times a second.
    this.state = db.prepare('SELECT state FROM person_states WHERE stream = ?');
    const select = `SELECT DISTINCT stream FROM eligibility_numbers WHERE insurer_number = ? AND number = ? AND symbol = ?`;
    this.withBranch = db.prepare(`${select} AND branch = ?`);
    this.anyBranch = db.prepare(select);
  }

  streamsHolding(numbers: { insurerNumber: string; symbol?: string; number: string; branch?: string }): string[] {
    const { insurerNumber, number } = numbers;
    const symbol = numbers.symbol ?? '';
    const rows =
      numbers.branch === undefined
        ? this.anyBranch.all(insurerNumber, number, symbol)
        : this.withBranch.all(insurerNumber, number, symbol, numbers.branch);
    return rows.map((row) => row.stream);
  }

  /** The persons who ever held the numbers, with their states as the qualification read model keeps them. */
  candidates(numbers: { insurerNumber: string; symbol?: string; number: string; branch?: string }) {
    return this.streamsHolding(numbers).flatMap((stream) => {
      const row = this.state.get(stream);
      return row ? [{ key: stream, state: decodePersonState(row.state) }] : [];
    });
  }
}
