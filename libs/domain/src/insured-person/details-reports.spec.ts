import { type EventId } from '../identifiers';
import { defaultPolicy } from '../policy';
import { type InsuredPersonCommand } from './commands';
import { decide, foldEvents } from './decide';
import { detailsOn } from './details-on';
import { type InsuredPersonEvent, type QualificationAcquiredData } from './events';
import { documentsOwed } from './obligations';
import { acquired, insuredNumber, legacyCardIssued, on, stored } from './person.test-kit';
import { evolve } from './state';

const enrolmentId = '0190a5b4-3c1e-7000-8000-00000000b001' as EventId;
const lossId = '0190a5b4-3c1e-7000-8000-00000000b002' as EventId;

/** A person's history as the ledger records it: each command decided on the events before it. */
function recorded(first: InsuredPersonEvent, ...commands: InsuredPersonCommand[]): InsuredPersonEvent[] {
  return commands.reduce<InsuredPersonEvent[]>(
    (history, command) => [...history, ...decide(command, foldEvents(history), defaultPolicy)],
    [first],
  );
}

const report = (effectiveOn: string, details: object): InsuredPersonCommand => ({
  type: 'ChangeQualificationDetails',
  data: { effectiveOn: on(effectiveOn), ...details },
});

const enrolmentCorrection = (enrolment: QualificationAcquiredData, overrides: object): InsuredPersonCommand => {
  const { insurerNumber: _insurer, carriedRegistration: _carried, ...data } = enrolment;
  return { type: 'CorrectQualificationAcquired', data: { ...data, ...overrides, correctedEventId: enrolmentId } };
};

describe('a report that changes nothing (QualificationDetailsConfirmed)', () => {
  const home = '東京都千代田区1-1';
  const away = '大阪府大阪市1-1';

  it('R42: keeps what it reported, so a change dated before it and recorded after it holds only up to its date', () => {
    const history = recorded(
      acquired({ acquiredOn: on('2024-04-01'), address: home }),
      report('2025-08-01', { address: home }),
      report('2025-06-01', { address: away }),
    );
    expect(history.map((each) => each.type)).toEqual([
      'QualificationAcquired',
      'QualificationDetailsConfirmed',
      'QualificationDetailsChanged',
    ]);
    expect(history[1]!.data).toEqual({ effectiveOn: '2025-08-01', address: home });
    const state = foldEvents(history);
    expect(detailsOn(state, on('2025-05-31'))!.address).toBe(home);
    expect(detailsOn(state, on('2025-07-31'))!.address).toBe(away);
    expect(detailsOn(state, on('2025-08-01'))!.address).toBe(home);
    expect(state.qualification!.address).toBe(home);
    // A change of the same date recorded after the report still has the last word.
    const sameDate = foldEvents([...history, ...decide(report('2025-08-01', { address: away }), state, defaultPolicy)]);
    expect(detailsOn(sameDate, on('2025-08-01'))!.address).toBe(away);
  });

  it('shows nothing new when recorded, and the same report again, or one a record fixes already, leaves the state as it is', () => {
    const history = recorded(
      acquired({ acquiredOn: on('2024-04-01'), address: home }),
      report('2025-08-01', { address: home }),
    );
    const before = foldEvents(history.slice(0, 1));
    const after = foldEvents(history);
    expect(after.qualification).toEqual(before.qualification);
    expect(detailsOn(after, on('2025-09-01'))).toEqual(detailsOn(before, on('2025-09-01')));
    expect(evolve(after, history[1]!)).toBe(after);
    const onEnrolmentDay = decide(report('2024-04-01', { address: home }), after, defaultPolicy);
    expect(evolve(after, onEnrolmentDay[0]!)).toBe(after);
    // One recorded before 2026-12-04 holds its date only.
    expect(evolve(before, { ...history[1]!, data: { effectiveOn: on('2025-08-01') } } as InsuredPersonEvent)).toBe(
      before,
    );
  });

  it('R42: never undoes a correction of the enrolment, whose numbers held all along', () => {
    const enrolment = stored(acquired({ acquiredOn: on('2024-04-01'), number: insuredNumber('0001') }), enrolmentId);
    const history = recorded(
      enrolment,
      report('2025-02-01', { number: insuredNumber('0001'), name: '山田 太郎' }),
      enrolmentCorrection(enrolment.data, { number: insuredNumber('0010') }),
    );
    const state = foldEvents(history);
    expect(state.qualification!.number).toBe('0010');
    expect(detailsOn(state, on('2025-03-01'))!.number).toBe('0010');
  });

  it('R28: a burden ratio reported again owes no notice of a ratio change', () => {
    const enrolment = acquired({ acquiredOn: on('2024-04-01'), birthDate: on('1950-01-01'), burdenRatio: 20 });
    const before = documentsOwed(foldEvents([enrolment]), on('2025-03-02'), defaultPolicy);
    const history = recorded(enrolment, report('2025-03-01', { burdenRatio: 20 }));
    expect(documentsOwed(foldEvents(history), on('2025-03-02'), defaultPolicy)).toEqual(before);
  });

  it('R12: an address reported again stops no legacy card issued before it', () => {
    const history = recorded(
      acquired({ acquiredOn: on('2023-04-01'), address: home }),
      report('2025-01-10', { address: home }),
    );
    const migrated = decide(
      { type: 'IssueDocument', data: legacyCardIssued().data },
      foldEvents(history),
      defaultPolicy,
    );
    expect(migrated.map((each) => each.type)).toEqual(['DocumentIssued']);
  });

  it('R2, R4: blocks neither a loss corrected to before it nor a birth date corrected to another ratio', () => {
    const enrolment = stored(
      acquired({ acquiredOn: on('2024-04-01'), birthDate: on('1950-01-01'), burdenRatio: 20 }),
      enrolmentId,
    );
    const reported = recorded(enrolment, report('2025-06-01', { burdenRatio: 20, name: '山田 太郎' }));
    const loss = decide(
      { type: 'LoseQualification', data: { lostOn: on('2025-06-15'), reason: 'death' } },
      foldEvents(reported),
      defaultPolicy,
    ).map((each) => (each.type === 'QualificationLost' ? stored(each, lossId) : each));
    const lossCorrection: InsuredPersonCommand = {
      type: 'CorrectQualificationLost',
      data: { lostOn: on('2025-05-11'), reason: 'death', correctedEventId: lossId },
    };
    expect(decide(lossCorrection, foldEvents([...reported, ...loss]), defaultPolicy)[0]!.type).toBe(
      'QualificationLostCorrected',
    );
    const birthCorrection = enrolmentCorrection(enrolment.data, { birthDate: on('1980-01-01'), burdenRatio: 30 });
    expect(decide(birthCorrection, foldEvents(reported), defaultPolicy)[0]!.type).toBe(
      'QualificationAcquiredCorrected',
    );
  });
});
