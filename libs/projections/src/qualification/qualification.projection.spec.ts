import Database from 'better-sqlite3';
import {
  type CalendarDate,
  calendarDate,
  defaultPolicy,
  detailsOn,
  type EventOfType,
  insuredPersonDecider,
  type InsuredPersonCommand,
} from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { Projector } from '../projector';
import { personState, QualificationProjection } from './qualification.projection';
import { qualificationOn } from './qualification-view';

const on = (literal: string): CalendarDate => calendarDate(literal);
const decider = insuredPersonDecider(defaultPolicy);
const stream = 'insured-123455-P-0001';

/** Writes commands as the ledger will: fold the stream, decide, append. */
async function handle(store: SqliteEventStore, commands: readonly InsuredPersonCommand[]): Promise<number> {
  let state = decider.initialState;
  let revision: number | 'no_stream' = 'no_stream';
  let position = 0;
  for (const command of commands) {
    const events = decider.decide(command, state);
    state = events.reduce(decider.evolve, state);
    const result = await store.append(
      stream,
      events.map(({ type, data }) => ({ type, data })),
      revision,
    );
    revision = result.revision;
    position = result.position;
  }
  return position;
}

const enrolment: EventOfType<'QualificationAcquired'>['data'] = {
  insurerNumber: '123455' as never,
  number: '1234567' as never,
  branch: '00' as never,
  relationship: 'insured',
  acquiredOn: on('2024-04-01'),
  burdenRatio: 30,
  birthDate: on('1954-11-20'),
  name: '山田 太郎',
};

describe('qualification read model', () => {
  let store: SqliteEventStore;
  let db: Database.Database;
  let projector: Projector;

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    db = new Database(':memory:');
    projector = new Projector(store, db, [new QualificationProjection()], { name: 'read-models', batchWindowMs: 5 });
  });

  afterEach(async () => {
    projector.stop();
    db.close();
    await store.close();
  });

  it('answers covered, numbers, ratio, registration, restriction and care needs for any date (seed scenario: 70+ ratio change, cancellation)', async () => {
    projector.start();
    const position = await handle(store, [
      { type: 'AcquireQualification', data: enrolment },
      { type: 'RegisterCard', data: { registeredOn: on('2024-10-01'), channel: 'card-reader' } },
      { type: 'ChangeQualificationDetails', data: { effectiveOn: on('2024-12-01'), burdenRatio: 20 } },
      {
        type: 'RequestRegistrationCancellation',
        data: {
          requestedOn: on('2025-02-10'),
          applicant: 'self',
          identityDocumentChecked: true,
          powerOfAttorney: false,
        },
      },
      { type: 'CancelRegistration', data: { effectiveOn: on('2025-03-31') } },
      {
        type: 'FileViewingRestriction',
        data: { filedOn: on('2025-05-01'), scope: 'non-disclosure', filedWith: '123455' as never },
      },
      { type: 'LoseQualification', data: { lostOn: on('2025-09-01'), reason: 'moved-out' } },
    ]);
    await projector.caughtUp(position);
    const state = personState(db, stream)!;
    expect(qualificationOn(state, on('2024-03-31'))).toMatchObject({ covered: false, registration: 'none' });
    expect(qualificationOn(state, on('2024-11-30'))).toMatchObject({
      covered: true,
      burdenRatio: 30,
      registration: 'registered',
      viewingRestriction: false,
    });
    expect(qualificationOn(state, on('2024-12-01'))).toMatchObject({ burdenRatio: 20 });
    expect(qualificationOn(state, on('2025-03-30'))).toMatchObject({ registration: 'cancellation-pending' });
    expect(qualificationOn(state, on('2025-03-31'))).toMatchObject({
      registration: 'cancelled',
      viewingRestriction: false,
    });
    expect(qualificationOn(state, on('2025-05-01'))).toMatchObject({ viewingRestriction: true, careNeeds: false });
    expect(qualificationOn(state, on('2025-09-01'))).toMatchObject({
      covered: false,
      lostOn: '2025-09-01',
      periods: [{ acquiredOn: '2024-04-01', lostOn: '2025-09-01' }],
    });
  });

  it("R42: answers a date in an earlier period with that enrolment's numbers, ratio and dates, not the latest enrolment's", async () => {
    projector.start();
    const birthDate = on('1952-06-15');
    const position = await handle(store, [
      {
        type: 'AcquireQualification',
        data: { ...enrolment, number: 'N1' as never, acquiredOn: on('2020-04-01'), burdenRatio: 30, birthDate },
      },
      { type: 'ChangeQualificationDetails', data: { effectiveOn: on('2021-06-01'), address: '京都府亀岡市1-1' } },
      { type: 'LoseQualification', data: { lostOn: on('2022-04-01'), reason: 'other-insurance' } },
      {
        type: 'AcquireQualification',
        data: { ...enrolment, number: 'N2' as never, acquiredOn: on('2023-04-01'), burdenRatio: 20, birthDate },
      },
    ]);
    await projector.caughtUp(position);
    const state = personState(db, stream)!;
    const periods = [
      {
        acquiredOn: '2020-04-01',
        lostOn: '2022-04-01',
        enrolmentEventId: expect.any(String) as unknown,
        lossReason: 'other-insurance',
        lossEventId: expect.any(String) as unknown,
      },
      { acquiredOn: '2023-04-01', enrolmentEventId: expect.any(String) as unknown },
    ];
    expect(qualificationOn(state, on('2021-01-01'))).toEqual(
      expect.objectContaining({
        covered: true,
        number: 'N1',
        burdenRatio: 30,
        acquiredOn: '2020-04-01',
        lostOn: '2022-04-01',
        periods,
      }),
    );
    expect(qualificationOn(state, on('2022-04-01'))).toMatchObject({
      covered: false,
      number: 'N1',
      lostOn: '2022-04-01',
    });
    expect(qualificationOn(state, on('2023-03-31'))).toMatchObject({ covered: false, number: 'N1', burdenRatio: 30 });
    const now = qualificationOn(state, on('2023-04-01'));
    expect(now).toMatchObject({ covered: true, number: 'N2', burdenRatio: 20, acquiredOn: '2023-04-01' });
    expect(now?.lostOn).toBeUndefined();
    expect(detailsOn(state, on('2021-06-01'))?.address).toBe('京都府亀岡市1-1');
    expect(detailsOn(state, on('2023-04-01'))?.address).toBeUndefined();
  });

  it('passes over a confirmation of details: the stored state and revision stay those of the last change', async () => {
    projector.start();
    const address = { effectiveOn: on('2024-06-01'), address: '京都府亀岡市1-1' };
    const changed = await handle(store, [
      { type: 'AcquireQualification', data: enrolment },
      { type: 'ChangeQualificationDetails', data: address },
    ]);
    await projector.caughtUp(changed);
    const stored = () => db.prepare('SELECT state, revision FROM person_states WHERE stream = ?').get(stream);
    const before = stored();
    const confirmed = await store.append(
      stream,
      decider.decide({ type: 'ChangeQualificationDetails', data: address }, personState(db, stream)!),
      'any',
    );
    expect(confirmed.events.map((event) => event.type)).toEqual(['QualificationDetailsConfirmed']);
    await projector.caughtUp(confirmed.position);
    expect(stored()).toEqual(before);
    expect(before).toMatchObject({ revision: 1 });
  });

  it('knows nobody it has not seen', () => {
    expect(personState(db, stream)).toBeUndefined();
  });
});
