import { type CorrectQualificationAcquired } from './commands';
import { foldEvents } from './decide';
import { answerEligibility, type EligibilityQuestion } from './eligibility-answer';
import { event, type QualificationAcquiredData } from './events';
import { detailsOn } from './details-on';
import { type EventId } from '../identifiers';
import {
  acquired,
  cancellationRequested,
  cancelled,
  careNeedsRecognized,
  certificateIssued,
  given,
  insuredNumber,
  nhiInsurer,
  on,
  registered,
  restrictionFiled,
  stored,
} from './person.test-kit';

const enrolmentId = '0190a5b4-3c1e-7000-8000-00000000a001' as EventId;
const secondEnrolmentId = '0190a5b4-3c1e-7000-8000-00000000a002' as EventId;

const enrolled = (overrides: Partial<QualificationAcquiredData> = {}, id = enrolmentId) =>
  stored(acquired(overrides), id);

/** The whole enrolment as it should have been, as a clerk sends it: no insurer, no carried registration. */
function correction(
  overrides: Partial<QualificationAcquiredData> = {},
  correctedEventId = enrolmentId,
): CorrectQualificationAcquired {
  const { insurerNumber: _insurer, carriedRegistration: _carried, ...data } = acquired(overrides).data;
  return { type: 'CorrectQualificationAcquired', data: { ...data, correctedEventId } };
}

const corrected = (overrides: Partial<QualificationAcquiredData> = {}, correctedEventId = enrolmentId) =>
  event('QualificationAcquiredCorrected', { ...acquired(overrides).data, correctedEventId });

const lost = (lostOn: string) => event('QualificationLost', { lostOn: on(lostOn), reason: 'moved-out' });

describe('enrolment corrections (DOMAIN.md §4: corrections are events)', () => {
  it('R41: a correction names the enrolment it corrects and gives the whole enrolment as it should have been', () => {
    given([enrolled()])
      .when(correction({ birthDate: on('1980-05-01') }))
      .then([corrected({ birthDate: on('1980-05-01') })]);
  });

  it('R41: the enrolment keeps its insurer and the registration carried in with it', () => {
    given([enrolled({ carriedRegistration: 'registered' })])
      .when(correction({ name: '山田 太朗' }))
      .then([corrected({ name: '山田 太朗', carriedRegistration: 'registered' })]);
  });

  it('R41: a correction naming no enrolment of the person is refused', () => {
    given([enrolled()])
      .when(correction({ name: '山田 太朗' }, '0190a5b4-3c1e-7000-8000-00000000ffff' as EventId))
      .thenRefuses('CORRECTED_EVENT_NOT_FOUND', 'R41');
    given([]).when(correction()).thenRefuses('CORRECTED_EVENT_NOT_FOUND', 'R41');
  });

  it('a correction that changes nothing is refused', () => {
    given([enrolled()]).when(correction()).thenRefuses('CORRECTION_CHANGES_NOTHING', undefined);
  });

  it('R2: the corrected start may not fall after the loss of the period', () => {
    given([enrolled(), lost('2020-06-01')])
      .when(correction({ acquiredOn: on('2020-06-02') }))
      .thenRefuses('LOSS_BEFORE_ACQUISITION', 'R2');
    given([enrolled(), lost('2020-06-01')])
      .when(correction({ acquiredOn: on('2020-06-01') }))
      .then([corrected({ acquiredOn: on('2020-06-01') })]);
  });

  it('R1: the corrected start may not fall inside the period before', () => {
    const history = [enrolled(), lost('2021-04-01'), enrolled({ acquiredOn: on('2022-04-01') }, secondEnrolmentId)];
    given(history)
      .when(correction({ acquiredOn: on('2021-03-31') }, secondEnrolmentId))
      .thenRefuses('ALREADY_QUALIFIED', 'R1');
    given(history)
      .when(correction({ acquiredOn: on('2021-04-01') }, secondEnrolmentId))
      .then([corrected({ acquiredOn: on('2021-04-01') }, secondEnrolmentId)]);
  });

  it('R4: the corrected enrolment meets what an enrolment meets: born by then, a ratio allowed at its age', () => {
    given([enrolled()])
      .when(correction({ birthDate: on('2020-05-10') }))
      .thenRefuses('ACQUIRED_BEFORE_BIRTH', undefined);
    given([enrolled()])
      .when(correction({ birthDate: on('2017-01-10') }))
      .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
  });

  describe('what was recorded for the enrolment needed its coverage, so the corrected start stays before it', () => {
    it.each([
      [
        'a change of details',
        event('QualificationDetailsChanged', { effectiveOn: on('2020-09-01'), address: '京都府' }),
      ],
      ['a card registration', registered(on('2020-09-01'))],
      ['a cancellation request', cancellationRequested(on('2020-09-01'))],
      ['a certificate issued', certificateIssued({ issuedOn: on('2020-09-01'), validFrom: on('2020-09-01') })],
      ['a restriction filed', restrictionFiled(on('2020-09-01'))],
      ['care needs recognized', careNeedsRecognized(on('2020-09-01'))],
    ])('%s', (_, recorded) => {
      given([enrolled(), recorded])
        .when(correction({ acquiredOn: on('2020-09-02') }))
        .thenRefuses('CORRECTION_AFTER_RECORDED_FACT', undefined);
      given([enrolled(), recorded])
        .when(correction({ acquiredOn: on('2020-09-01') }))
        .then([corrected({ acquiredOn: on('2020-09-01') })]);
    });

    it('R35, R37: a cancellation carried in moves with the start, but not past its taking effect', () => {
      const history = [
        enrolled({ acquiredOn: on('2025-04-01'), carriedRegistration: 'cancellation-pending' }),
        cancelled(on('2025-05-31')),
      ];
      given(history)
        .when(correction({ acquiredOn: on('2025-06-15') }))
        .thenRefuses('CORRECTION_AFTER_RECORDED_FACT', undefined);
      given(history)
        .when(correction({ acquiredOn: on('2025-05-01') }))
        .then([corrected({ acquiredOn: on('2025-05-01'), carriedRegistration: 'cancellation-pending' })]);
    });

    it('what was recorded for an earlier enrolment does not hold a later one back', () => {
      const history = [
        enrolled(),
        registered(on('2020-09-01')),
        lost('2021-04-01'),
        enrolled({ acquiredOn: on('2022-04-01') }, secondEnrolmentId),
      ];
      given(history)
        .when(correction({ acquiredOn: on('2022-05-01') }, secondEnrolmentId))
        .then([corrected({ acquiredOn: on('2022-05-01') }, secondEnrolmentId)]);
    });
  });

  it('R4: a corrected birth date keeps every ratio changed in the period allowed at the age then', () => {
    const history = [
      enrolled({ birthDate: on('1955-03-10') }),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-04-01'), burdenRatio: 20 }),
    ];
    given(history)
      .when(correction({ birthDate: on('1956-03-10') }))
      .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
    given(history)
      .when(correction({ birthDate: on('1955-03-01') }))
      .then([corrected({ birthDate: on('1955-03-01') })]);
  });

  describe('what the person is, once corrected', () => {
    it('R42: the corrected start and details answer every date, the wrong ones none', () => {
      const state = foldEvents([
        enrolled({ acquiredOn: on('2020-04-10'), number: insuredNumber('1234576') }),
        corrected({ acquiredOn: on('2020-04-01') }),
      ]);

      expect(state.periods).toHaveLength(1);
      expect(state.periods[0]!.acquiredOn).toBe('2020-04-01');
      expect(state.qualification?.number).toBe('1234567');
      expect(detailsOn(state, on('2020-04-05'))?.number).toBe('1234567');
    });

    it('R42: a later change of details still applies on top of the corrected enrolment', () => {
      const state = foldEvents([
        enrolled(),
        event('QualificationDetailsChanged', { effectiveOn: on('2021-01-01'), address: '京都府' }),
        corrected({ name: '山田 太朗' }),
      ]);

      expect(state.qualification).toMatchObject({ name: '山田 太朗', address: '京都府' });
      expect(detailsOn(state, on('2020-06-01'))).toMatchObject({ name: '山田 太朗' });
      expect(detailsOn(state, on('2020-06-01'))?.address).toBeUndefined();
    });

    it('R42: correcting an earlier enrolment leaves the current one as it is', () => {
      const state = foldEvents([
        enrolled(),
        lost('2021-04-01'),
        enrolled({ acquiredOn: on('2022-04-01'), number: insuredNumber('7654321') }, secondEnrolmentId),
        corrected({ number: insuredNumber('1111111') }),
      ]);

      expect(state.qualification?.number).toBe('7654321');
      expect(detailsOn(state, on('2020-06-01'))?.number).toBe('1111111');
    });

    it('R37: a registration carried in with the enrolment begins on the corrected start', () => {
      const state = foldEvents([
        enrolled({ carriedRegistration: 'registered' }),
        corrected({ acquiredOn: on('2020-03-01'), carriedRegistration: 'registered' }),
      ]);

      expect(state.registrationHistory).toEqual([{ from: '2020-03-01', state: 'registered' }]);
    });

    it('R37: a cancellation carried in took effect on the corrected start', () => {
      const state = foldEvents([
        enrolled({ carriedRegistration: 'cancelled' }),
        corrected({ acquiredOn: on('2020-03-01'), carriedRegistration: 'cancelled' }),
      ]);

      expect(state.registration).toEqual({ state: 'cancelled', effectiveOn: '2020-03-01' });
    });

    it('R1, R2: a correction another writer wrote that the decider refuses changes nothing', () => {
      const history = [
        enrolled(),
        lost('2021-04-01'),
        enrolled({ acquiredOn: on('2022-04-01') }, secondEnrolmentId),
        lost('2023-04-01'),
      ];
      const before = foldEvents(history);

      expect(foldEvents([...history, corrected({ acquiredOn: on('2021-03-01') }, secondEnrolmentId)])).toEqual(before);
      expect(foldEvents([...history, corrected({ acquiredOn: on('2023-05-01') }, secondEnrolmentId)])).toEqual(before);
    });

    it('a correction naming no enrolment of the stream changes nothing', () => {
      const before = foldEvents([enrolled()]);
      const after = foldEvents([enrolled(), corrected({ name: '別人' }, secondEnrolmentId)]);

      expect(after).toEqual(before);
    });
  });

  describe('a clinic checking the numbers (§7)', () => {
    const question = (overrides: Partial<EligibilityQuestion> = {}): EligibilityQuestion => ({
      confirmationDate: on('2021-01-01'),
      method: 'numbers',
      insurerNumber: nhiInsurer,
      number: insuredNumber('1234567'),
      birthDate: on('1980-05-10'),
      ...overrides,
    });

    it('R41: numbers a correction took back find nobody, the corrected birth date finds the person', () => {
      const state = foldEvents([
        enrolled({ number: insuredNumber('1234576'), birthDate: on('1980-10-05') }),
        corrected(),
      ]);
      const candidates = [{ key: 'p', state }];

      expect(answerEligibility(question({ number: insuredNumber('1234576') }), candidates)).toEqual({ validity: 4 });
      expect(answerEligibility(question(), candidates)).toMatchObject({ validity: 1, person: 'p' });
      expect(answerEligibility(question({ birthDate: on('1980-10-05') }), candidates)).toEqual({ validity: 4 });
    });

    it('R42: the birth date asked is the one the enrolment of that date holds, an earlier one corrected', () => {
      const state = foldEvents([
        enrolled({ birthDate: on('1980-10-05') }),
        lost('2021-04-01'),
        enrolled({ acquiredOn: on('2022-04-01'), birthDate: on('1980-10-05') }, secondEnrolmentId),
        corrected({ birthDate: on('1980-05-10') }),
      ]);
      const candidates = [{ key: 'p', state }];

      expect(answerEligibility(question({ confirmationDate: on('2020-06-01') }), candidates)).toMatchObject({
        validity: 1,
        details: { birthDate: '1980-05-10' },
      });
      expect(
        answerEligibility(question({ confirmationDate: on('2020-06-01'), birthDate: on('1980-10-05') }), candidates),
      ).toEqual({ validity: 4 });
      expect(
        answerEligibility(question({ confirmationDate: on('2022-06-01'), birthDate: on('1980-10-05') }), candidates),
      ).toMatchObject({ validity: 1 });
    });
  });
});
