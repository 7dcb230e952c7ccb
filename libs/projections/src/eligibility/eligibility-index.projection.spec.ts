import Database from 'better-sqlite3';
import { answerEligibility, type EligibilityQuestion } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { Projector } from '../projector';
import { QualificationProjection } from '../qualification/qualification.projection';
import { DocumentIndexProjection, streamsHoldingDocument } from '../documents/document-index.projection';
import { EligibilityIndex, EligibilityIndexProjection } from './eligibility-index.projection';

const enrolment = (number: string, branch: string) => ({
  type: 'QualificationAcquired',
  data: { insurerNumber: '123455', symbol: 'A1', number, branch, relationship: 'insured', acquiredOn: '2024-04-01' },
});

describe('eligibility index and document index', () => {
  let store: SqliteEventStore;
  let db: Database.Database;
  let projector: Projector;

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    db = new Database(':memory:');
    const qualification = new QualificationProjection();
    projector = new Projector(
      store,
      db,
      [qualification, new EligibilityIndexProjection(qualification), new DocumentIndexProjection()],
      {
        name: 'read-models',
        batchWindowMs: 5,
      },
    );
    projector.start();
  });

  afterEach(async () => {
    projector.stop();
    db.close();
    await store.close();
  });

  it('finds a stream by every number it ever held, and all branches when none is asked', async () => {
    await store.append('insured-123455-a', [enrolment('100', '01')], 'no_stream');
    await store.append('insured-123455-b', [enrolment('100', '02')], 'no_stream');
    const { position } = await store.append(
      'insured-123455-a',
      [
        { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-01-01', name: 'x' } },
        { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-04-01', number: '200' } },
        { type: 'DocumentIssued', data: { documentId: 'doc-1' } },
      ],
      0,
    );
    await projector.caughtUp(position);
    const index = new EligibilityIndex(db, 'read-models');
    const streamsHolding = (numbers: Parameters<EligibilityIndex['candidates']>[0]) =>
      index.candidates(numbers).map((candidate) => candidate.key);
    expect(streamsHolding({ insurerNumber: '123455', symbol: 'A1', number: '100', branch: '01' })).toEqual([
      'insured-123455-a',
    ]);
    expect(streamsHolding({ insurerNumber: '123455', symbol: 'A1', number: '100' }).sort()).toEqual([
      'insured-123455-a',
      'insured-123455-b',
    ]);
    expect(streamsHolding({ insurerNumber: '123455', symbol: 'A1', number: '200', branch: '01' })).toEqual([
      'insured-123455-a',
    ]);
    expect(streamsHolding({ insurerNumber: '123455', number: '100' })).toEqual([]);
    const [candidate] = index.candidates({ insurerNumber: '123455', symbol: 'A1', number: '200' });
    expect(candidate?.key).toBe('insured-123455-a');
    expect(candidate?.state.qualification).toMatchObject({ number: '200', branch: '01' });
    expect(streamsHoldingDocument(db, 'doc-1')).toEqual(['insured-123455-a']);
    expect(streamsHoldingDocument(db, 'doc-2')).toEqual([]);
  });

  it('gives each candidate with the checkpoint its state was read at, from the same read: the projector may commit in another thread', async () => {
    const { position } = await store.append('insured-123455-a', [enrolment('100', '01')], 'no_stream');
    await projector.caughtUp(position);
    const index = new EligibilityIndex(db, 'read-models');
    const numbers = { insurerNumber: '123455', symbol: 'A1', number: '100', branch: '01' };
    expect(index.candidates(numbers)).toMatchObject([{ key: 'insured-123455-a', checkpoint: position }]);

    projector.stop();
    // As the projector's thread commits a later batch: the rows and the checkpoint move together.
    db.prepare(`UPDATE checkpoints SET position = ? WHERE projector = 'read-models'`).run(position + 7);
    expect(index.candidates(numbers)).toMatchObject([{ key: 'insured-123455-a', checkpoint: position + 7 }]);
    expect(new EligibilityIndex(db, 'another').candidates(numbers)).toMatchObject([{ checkpoint: 0 }]);
  });

  it('§7: a change of the branch alone indexes the person under the new numbers', async () => {
    await store.append('insured-123455-c', [enrolment('300', '00')], 'no_stream');
    const { position } = await store.append(
      'insured-123455-c',
      [{ type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-04-01', branch: '01' } }],
      0,
    );
    await projector.caughtUp(position);
    const candidates = new EligibilityIndex(db, 'read-models').candidates({
      insurerNumber: '123455',
      symbol: 'A1',
      number: '300',
      branch: '01',
    });
    expect(candidates.map((candidate) => candidate.key)).toEqual(['insured-123455-c']);
  });

  it('R42: indexes the numbers held on each date, whatever order the changes were reported in (late symbol change before a number change)', async () => {
    const enrolled = {
      ...enrolment('A', '00'),
      data: { ...enrolment('A', '00').data, symbol: 'S0', birthDate: '1980-05-10' },
    };
    await store.append('insured-123455-late', [enrolled], 'no_stream');
    const { position } = await store.append(
      'insured-123455-late',
      [
        { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-10-01', number: 'B' } },
        { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-04-01', symbol: 'S1' } },
      ],
      0,
    );
    await projector.caughtUp(position);
    const question = {
      confirmationDate: '2025-05-01',
      method: 'numbers',
      insurerNumber: '123455',
      symbol: 'S1',
      number: 'A',
      branch: '00',
      birthDate: '1980-05-10',
    } as EligibilityQuestion;
    const candidates = new EligibilityIndex(db, 'read-models').candidates(question);
    expect(candidates.map((candidate) => candidate.key)).toEqual(['insured-123455-late']);
    expect(answerEligibility(question, candidates)).toMatchObject({
      validity: 1,
      details: { symbol: 'S1', number: 'A' },
    });
  });
});
