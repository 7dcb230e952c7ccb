import { decide, foldEvents } from './decide';
import { event } from './events';
import { evolve, initialState } from './state';
import {
  acquired,
  certificateIssued,
  documentId,
  given,
  insuredNumber,
  lateElderlyInsurer,
  legacyCardIssued,
  on,
} from './person.test-kit';

describe('qualification', () => {
  describe('when the person was never enrolled', () => {
    it('R1: enrolment is accepted', () => {
      given([]).when({ type: 'AcquireQualification', data: acquired().data }).then([acquired()]);
    });

    it("coverage cannot start before the person was born; a newborn's starts on the day of birth", () => {
      const unborn = acquired({ birthDate: on('2025-05-10'), acquiredOn: on('2025-04-01'), burdenRatio: 20 });
      given([])
        .when({ type: 'AcquireQualification', data: unborn.data })
        .thenRefuses('ACQUIRED_BEFORE_BIRTH', undefined);
      const newborn = acquired({ birthDate: on('2025-05-10'), acquiredOn: on('2025-05-10'), burdenRatio: 20 });
      given([]).when({ type: 'AcquireQualification', data: newborn.data }).then([newborn]);
    });

    it('R2: a withdrawal is refused without a current qualification', () => {
      given([])
        .when({ type: 'LoseQualification', data: { lostOn: on('2025-01-01'), reason: 'moved-out' } })
        .thenRefuses('NOT_QUALIFIED', 'R2');
    });

    it('R3: a card registration does not replace the enrolment report and is refused without one', () => {
      given([])
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-01-01'), channel: 'portal' } })
        .thenRefuses('NOT_QUALIFIED', 'R3');
    });
  });

  describe('when the person is qualified', () => {
    it('R1: a second enrolment with the same insurer is refused', () => {
      given([acquired()])
        .when({ type: 'AcquireQualification', data: acquired({ acquiredOn: on('2024-04-01') }).data })
        .thenRefuses('ALREADY_QUALIFIED', 'R1');
    });

    it('R2: a withdrawal on or after acquiredOn is accepted', () => {
      const data = { lostOn: on('2020-04-01'), reason: 'death' } as const;
      given([acquired()])
        .when({ type: 'LoseQualification', data })
        .then([event('QualificationLost', data)]);
    });

    it('R2: a withdrawal before acquiredOn is refused', () => {
      given([acquired()])
        .when({ type: 'LoseQualification', data: { lostOn: on('2020-03-31'), reason: 'other' } })
        .thenRefuses('LOSS_BEFORE_ACQUISITION', 'R2');
    });

    it('R3: a withdrawal is still reported after card registration', () => {
      const registered = event('CardRegistered', { registeredOn: on('2023-01-05'), channel: 'card-reader' });
      const data = { lostOn: on('2025-06-01'), reason: 'other-insurance' } as const;
      given([acquired(), registered])
        .when({ type: 'LoseQualification', data })
        .then([event('QualificationLost', data)]);
    });

    it('R12: a withdrawal revokes the legacy card on the day coverage ends', () => {
      given([acquired(), legacyCardIssued()])
        .when({ type: 'LoseQualification', data: { lostOn: on('2025-03-01'), reason: 'moved-out' } })
        .then([
          event('QualificationLost', { lostOn: on('2025-03-01'), reason: 'moved-out' }),
          event('DocumentRevoked', {
            documentId: documentId('card-1'),
            revokedOn: on('2025-03-01'),
            reason: 'qualification-lost',
          }),
        ]);
    });

    it("R2: a loss dated on a certificate's last valid day revokes it: that day is the first without coverage", () => {
      const withdrawal = { lostOn: on('2026-07-31'), reason: 'moved-out' } as const;
      given([acquired(), certificateIssued({ validUntil: on('2026-07-31') })])
        .when({ type: 'LoseQualification', data: withdrawal })
        .then([
          event('QualificationLost', withdrawal),
          event('DocumentRevoked', {
            documentId: documentId('certificate-1'),
            revokedOn: on('2026-07-31'),
            reason: 'qualification-lost',
          }),
        ]);
    });
  });

  describe('when the person was qualified before', () => {
    const lost = event('QualificationLost', { lostOn: on('2022-10-01'), reason: 'other-insurance' });

    it('R1: a new enrolment from the day of the loss is accepted', () => {
      const again = acquired({ acquiredOn: on('2022-10-01') });
      given([acquired(), lost]).when({ type: 'AcquireQualification', data: again.data }).then([again]);
    });

    it('R1: an enrolment reported late for a start before the recorded period is refused, saying what it would overlap', () => {
      const earlier = acquired({ acquiredOn: on('2015-04-01') }).data;
      expect(() => decide({ type: 'AcquireQualification', data: earlier }, foldEvents([acquired(), lost]))).toThrow(
        expect.objectContaining({
          code: 'ALREADY_QUALIFIED',
          rule: 'R1',
          message: `R1: the person was qualified with this insurer from ${acquired().data.acquiredOn} until the day before 2022-10-01: a period starting on 2015-04-01 would overlap it`,
        }) as Error,
      );
    });

    it('R1: a new enrolment overlapping the former coverage is refused', () => {
      given([acquired(), lost])
        .when({ type: 'AcquireQualification', data: acquired({ acquiredOn: on('2022-09-30') }).data })
        .thenRefuses('ALREADY_QUALIFIED', 'R1');
    });
  });

  describe('burden ratio', () => {
    it('R4: 30 percent is accepted under 70', () => {
      given([]).when({ type: 'AcquireQualification', data: acquired().data }).then([acquired()]);
    });

    it('R4: 10 percent is refused under 70', () => {
      given([])
        .when({ type: 'AcquireQualification', data: acquired({ burdenRatio: 10 }).data })
        .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
    });

    it('R4: 10 percent is accepted under 70 by a late-elderly scheme, which covers persons recognised with a disability from 65', () => {
      // 65 on the day of enrolment.
      const member = acquired({ insurerNumber: lateElderlyInsurer, birthDate: on('1955-04-01'), burdenRatio: 10 });
      expect(member.data.acquiredOn).toBe('2020-04-01');
      given([]).when({ type: 'AcquireQualification', data: member.data }).then([member]);
    });

    it('R4: 20 percent is accepted before school age and refused after it', () => {
      const child = { birthDate: on('2019-06-15'), burdenRatio: 20 } as const;
      const preschool = acquired({ ...child, acquiredOn: on('2026-03-31') });
      given([]).when({ type: 'AcquireQualification', data: preschool.data }).then([preschool]);
      given([])
        .when({ type: 'AcquireQualification', data: acquired({ ...child, acquiredOn: on('2026-04-01') }).data })
        .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
    });

    it('R4: a ratio outside 10, 20, 30 is refused', () => {
      given([])
        .when({ type: 'AcquireQualification', data: acquired({ burdenRatio: 25 as never }).data })
        .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
    });

    it('R4: a change to 20 percent is accepted from the month after the 70th year is reached', () => {
      const elderly = acquired({ birthDate: on('1955-06-15') });
      const data = { effectiveOn: on('2025-07-01'), burdenRatio: 20 } as const;
      given([elderly])
        .when({ type: 'ChangeQualificationDetails', data })
        .then([event('QualificationDetailsChanged', data)]);
      given([elderly])
        .when({ type: 'ChangeQualificationDetails', data: { ...data, effectiveOn: on('2025-06-30') } })
        .thenRefuses('BURDEN_RATIO_NOT_ALLOWED', 'R4');
    });
  });

  describe('details change', () => {
    it('records only the details that really change', () => {
      given([acquired()])
        .when({
          type: 'ChangeQualificationDetails',
          data: { effectiveOn: on('2025-02-01'), name: '山田 太郎', address: '東京都新宿区1-1' },
        })
        .then([
          event('QualificationDetailsChanged', {
            effectiveOn: on('2025-02-01'),
            address: '東京都新宿区1-1',
          }),
        ]);
    });

    it('records a report that changes nothing as a confirmation, with no revocation of the legacy card (R12)', () => {
      given([acquired(), legacyCardIssued()])
        .when({ type: 'ChangeQualificationDetails', data: { effectiveOn: on('2025-02-01'), burdenRatio: 30 } })
        .then([event('QualificationDetailsConfirmed', { effectiveOn: on('2025-02-01') })]);
    });

    it('leaves the state as it was after a confirmation', () => {
      const before = [acquired(), legacyCardIssued()].reduce(evolve, initialState);
      expect(evolve(before, event('QualificationDetailsConfirmed', { effectiveOn: on('2025-02-01') }))).toBe(before);
    });

    it("R42: a late report of a change that today's details already show is recorded for its own date", () => {
      const numberChanged = event('QualificationDetailsChanged', {
        effectiveOn: on('2025-10-01'),
        number: insuredNumber('7654321'),
      });
      const lateReport = { effectiveOn: on('2025-04-01'), number: insuredNumber('7654321') };
      given([acquired(), numberChanged])
        .when({ type: 'ChangeQualificationDetails', data: lateReport })
        .then([event('QualificationDetailsChanged', lateReport)]);
    });

    it("R42: a late report for an earlier enrolment is compared with that enrolment's details", () => {
      const lost = event('QualificationLost', { lostOn: on('2022-04-01'), reason: 'moved-out' });
      const again = acquired({ acquiredOn: on('2023-04-01'), address: '大阪府大阪市1-1' });
      const lateReport = { effectiveOn: on('2021-01-01'), address: '大阪府大阪市1-1' };
      given([acquired({ address: '東京都千代田区1-1' }), lost, again])
        .when({ type: 'ChangeQualificationDetails', data: lateReport })
        .then([event('QualificationDetailsChanged', lateReport)]);
    });

    it('is refused for a date the person is not covered', () => {
      given([acquired()])
        .when({ type: 'ChangeQualificationDetails', data: { effectiveOn: on('2019-01-01'), address: 'x' } })
        .thenRefuses('NOT_QUALIFIED', undefined);
    });
  });
});
