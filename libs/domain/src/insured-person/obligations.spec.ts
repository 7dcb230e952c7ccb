import { defaultPolicy } from '../policy';
import { foldEvents } from './decide';
import { event } from './events';
import { documentsDue, documentsOwed } from './obligations';
import {
  acquired,
  cancellationRequested,
  cancelled,
  careNeedsRecognized,
  certificateIssued,
  documentId,
  employeeInsurer,
  given,
  issuedData,
  lateElderlyInsurer,
  legacyCardIssued,
  on,
  registered,
} from './person.test-kit';

const certificatesDue = (events: Parameters<typeof foldEvents>[0], day: string, policy = defaultPolicy) =>
  documentsDue(foldEvents(events), on(day), policy).filter(
    (obligation) => obligation.documentType === 'eligibility-certificate',
  );

describe('documents due', () => {
  describe('a person without a registered card', () => {
    it('R20: owes a certificate once the legacy card stops being valid, not before', () => {
      const history = [acquired(), legacyCardIssued()];
      expect(certificatesDue(history, '2025-12-01')).toEqual([]);
      expect(certificatesDue(history, '2025-12-02')).toEqual([
        { documentType: 'eligibility-certificate', occasion: 'acquisition', rule: 'R20', dueOn: '2025-12-02' },
      ]);
    });

    it('R20: owes it from the day a change of details stopped the legacy card', () => {
      const revoked = event('DocumentRevoked', {
        documentId: documentId('card-1'),
        revokedOn: on('2025-02-01'),
        reason: 'details-changed',
      });
      expect(certificatesDue([acquired(), legacyCardIssued(), revoked], '2025-02-01')).toEqual([
        expect.objectContaining({ rule: 'R20', dueOn: '2025-02-01' }),
      ]);
    });

    it('R20: owes it from acquisition when there never was a legacy card', () => {
      expect(certificatesDue([acquired({ acquiredOn: on('2025-04-01') })], '2025-04-01')).toEqual([
        expect.objectContaining({ rule: 'R20', dueOn: '2025-04-01' }),
      ]);
    });

    it('R20: owes none before the cutover, when the legacy card served; from the cutover on for a person enrolled before it', () => {
      const enrolledLongAgo = [acquired({ acquiredOn: on('2020-04-01') })];
      expect(certificatesDue(enrolledLongAgo, '2022-01-01')).toEqual([]);
      expect(certificatesDue(enrolledLongAgo, '2024-12-01')).toEqual([]);
      expect(certificatesDue(enrolledLongAgo, '2024-12-02')).toEqual([
        expect.objectContaining({ rule: 'R20', dueOn: '2024-12-02' }),
      ]);
      const early = issuedData({
        documentId: documentId('certificate-early'),
        documentType: 'eligibility-certificate',
        issuedOn: on('2024-12-01'),
        validFrom: on('2024-12-01'),
        validUntil: on('2025-11-30'),
        occasion: 'acquisition',
      });
      given(enrolledLongAgo)
        .when({ type: 'IssueDocument', data: early })
        .thenRefuses('CERTIFICATE_BEFORE_CUTOVER', 'R20');
      const onTheDay = { ...early, issuedOn: on('2024-12-02'), validFrom: on('2024-12-02') };
      given(enrolledLongAgo)
        .when({ type: 'IssueDocument', data: onTheDay })
        .then([event('DocumentIssued', onTheDay)]);
    });

    it('R20: owes it in a period before a re-enrolment, from that period’s acquisition', () => {
      const history = [
        acquired({ acquiredOn: on('2025-01-06') }),
        event('QualificationLost', { lostOn: on('2025-08-01'), reason: 'other-insurance' }),
        acquired({ acquiredOn: on('2025-09-01') }),
      ];
      expect(certificatesDue(history, '2025-01-15')).toEqual([
        expect.objectContaining({ rule: 'R20', dueOn: '2025-01-06' }),
      ]);
    });

    it('R20: owes none to a registered person, nor to a person no longer covered', () => {
      expect(certificatesDue([acquired(), registered(on('2023-05-01'))], '2026-01-01')).toEqual([]);
      const lost = event('QualificationLost', { lostOn: on('2025-06-01'), reason: 'death' });
      expect(documentsDue(foldEvents([acquired(), lost]), on('2025-07-01'), defaultPolicy)).toEqual([]);
    });
  });

  describe("a scheme's exception owing every member a certificate (DOMAIN.md §8)", () => {
    const member = [
      acquired({ insurerNumber: lateElderlyInsurer, birthDate: on('1945-01-01'), burdenRatio: 10 }),
      legacyCardIssued(),
      registered(on('2024-01-10')),
    ];
    const withoutException = { ...defaultPolicy, certificatesForAllUntil: {} };

    it('§8, R20: a registered late-elderly member is owed one when the legacy card stops, until the exception ends (2026-07-31 by default)', () => {
      expect(certificatesDue(member, '2025-07-31')).toEqual([]);
      expect(certificatesDue(member, '2025-08-01')).toEqual([
        { documentType: 'eligibility-certificate', occasion: 'acquisition', rule: 'R20', dueOn: '2025-08-01' },
      ]);
      expect(certificatesDue(member, '2026-07-31')).toEqual([expect.objectContaining({ dueOn: '2025-08-01' })]);
      expect(certificatesDue(member, '2026-08-01')).toEqual([]);
    });

    it('§8, R21: a member whose cancellation takes effect while the legacy card is valid is owed the certificate from then, put off (pending issuance)', () => {
      const cancelling = [...member, cancellationRequested(on('2025-03-10')), cancelled(on('2025-04-30'))];
      const owed = documentsOwed(foldEvents(cancelling), on('2025-04-30'), defaultPolicy);
      expect(owed.filter((obligation) => obligation.documentType === 'eligibility-certificate')).toEqual([
        {
          documentType: 'eligibility-certificate',
          occasion: 'cancellation',
          rule: 'R21',
          dueOn: '2025-08-01',
          deferred: true,
        },
      ]);
    });

    it('§8: an insurer without the exception owes a registered member none', () => {
      expect(certificatesDue(member, '2025-08-01', withoutException)).toEqual([]);
    });

    it('§8: an issue on the exception is taken, and refused without it', () => {
      const renewal = {
        type: 'IssueDocument',
        data: issuedData({
          documentId: documentId('certificate-1'),
          documentType: 'eligibility-certificate',
          issuedOn: on('2025-07-20'),
          validFrom: on('2025-08-01'),
          validUntil: on('2026-07-31'),
          occasion: 'renewal',
        }),
      } as const;
      given(member)
        .when(renewal)
        .then([event('DocumentIssued', renewal.data)]);
      given(member, withoutException).when(renewal).thenRefuses('CERTIFICATE_WITHOUT_GROUND', 'R22');
    });

    it('§8, R27: a member registering during the exception keeps the certificate; without it, it is revoked', () => {
      const holder = [
        acquired({ insurerNumber: lateElderlyInsurer, birthDate: on('1945-01-01'), burdenRatio: 10 }),
        certificateIssued(),
      ];
      const registration = {
        type: 'RegisterCard',
        data: { registeredOn: on('2025-10-01'), channel: 'portal' },
      } as const;
      given(holder)
        .when(registration)
        .then([registered(on('2025-10-01'))]);
      given(holder, withoutException)
        .when(registration)
        .then([
          registered(on('2025-10-01')),
          event('DocumentRevoked', {
            documentId: documentId('certificate-1'),
            revokedOn: on('2025-10-01'),
            reason: 'card-working',
          }),
        ]);
    });
  });

  describe('after a registration cancellation', () => {
    /** What R21 owes a person still holding a valid legacy card: the certificate, put off to `dueOn`. */
    const deferredTo = (dueOn: string) => [
      { documentType: 'eligibility-certificate', occasion: 'cancellation', rule: 'R21', dueOn, deferred: true },
    ];
    const cancelledPerson = [
      acquired(),
      registered(on('2023-05-01')),
      cancellationRequested(on('2025-02-10')),
      cancelled(on('2025-04-01')),
    ];

    it('R21: owes a certificate from the day the cancellation takes effect', () => {
      expect(certificatesDue(cancelledPerson, '2025-03-31')).toEqual([]);
      expect(certificatesDue(cancelledPerson, '2025-04-01')).toEqual([
        expect.objectContaining({ rule: 'R21', occasion: 'cancellation', dueOn: '2025-04-01' }),
      ]);
    });

    it('R21: with a valid legacy card the certificate is deferred to the next bulk renewal', () => {
      const withCard = [acquired(), legacyCardIssued(), ...cancelledPerson.slice(1)];
      expect(certificatesDue(withCard, '2025-07-31')).toEqual([]);
      expect(certificatesDue(withCard, '2025-08-01')).toEqual(deferredTo('2025-08-01'));
    });

    it('R21, R20: the deferral ends on the day the legacy card stops when that comes before the next bulk renewal', () => {
      const lateCancellation = [
        acquired(),
        legacyCardIssued(),
        registered(on('2023-05-01')),
        cancellationRequested(on('2025-07-15')),
        cancelled(on('2025-09-01')),
      ];
      expect(certificatesDue(lateCancellation, '2025-12-01')).toEqual([]);
      expect(certificatesDue(lateCancellation, '2025-12-02')).toEqual(deferredTo('2025-12-02'));
    });

    it('R21, R36, R42: the certificate owed while cancelled stays owed for those days after the card is registered again', () => {
      const reRegistered = [...cancelledPerson, registered(on('2025-10-01'))];
      expect(certificatesDue(reRegistered, '2025-05-01')).toEqual(certificatesDue(cancelledPerson, '2025-05-01'));
      expect(certificatesDue(reRegistered, '2025-05-01')).toEqual([
        expect.objectContaining({ rule: 'R21', dueOn: '2025-04-01' }),
      ]);
      expect(certificatesDue(reRegistered, '2025-10-01')).toEqual([]);
      // Recorded late, the certificate issued in those days is accepted on its ground then, and ends
      // when the card works again, as the registration would have ended it had it come later (R27).
      const late = issuedData({
        documentId: documentId('certificate-late'),
        documentType: 'eligibility-certificate',
        issuedOn: on('2025-05-10'),
        validFrom: on('2025-05-10'),
        validUntil: on('2026-05-09'),
        occasion: 'cancellation',
      });
      given(reRegistered)
        .when({ type: 'IssueDocument', data: late })
        .then([
          event('DocumentIssued', { ...late, applicant: 'self' }),
          event('DocumentRevoked', {
            documentId: late.documentId,
            revokedOn: on('2025-10-01'),
            reason: 'card-working',
          }),
        ]);
    });

    it('R21, R42: of two cancellations, each owes the certificate from its own effective day', () => {
      const twice = [
        ...cancelledPerson,
        registered(on('2025-06-01')),
        cancellationRequested(on('2025-08-01')),
        cancelled(on('2025-09-30')),
      ];
      expect(certificatesDue(twice, '2025-05-01')).toEqual([
        expect.objectContaining({ rule: 'R21', dueOn: '2025-04-01' }),
      ]);
      expect(certificatesDue(twice, '2025-07-01')).toEqual([]);
      expect(certificatesDue(twice, '2025-10-01')).toEqual([
        expect.objectContaining({ rule: 'R21', dueOn: '2025-09-30' }),
      ]);
    });

    it('R21, R22, R42: grounds from before a re-enrolment count from the new enrolment, not from the earlier period', () => {
      const leftAndCameBack = (...then: Parameters<typeof foldEvents>[0]) => [
        ...then,
        event('QualificationLost', { lostOn: on('2025-06-01'), reason: 'moved-out' }),
        acquired({ acquiredOn: on('2025-09-01'), carriedRegistration: 'registered' }),
      ];
      const cancelledThenLeft = [
        ...cancelledPerson,
        event('QualificationLost', { lostOn: on('2025-06-01'), reason: 'moved-out' }),
        acquired({ acquiredOn: on('2025-09-01') }),
      ];
      expect(certificatesDue(cancelledThenLeft, '2025-09-01')).toEqual([
        expect.objectContaining({ rule: 'R21', dueOn: '2025-09-01' }),
      ]);
      const careNeedsThenLeft = leftAndCameBack(
        acquired(),
        registered(on('2023-05-01')),
        careNeedsRecognized(on('2025-01-01')),
      );
      expect(certificatesDue(careNeedsThenLeft, '2025-09-01')).toEqual([
        expect.objectContaining({ rule: 'R22', dueOn: '2025-09-01' }),
      ]);
    });

    it('R21: a scheme without bulk renewal defers to the day the legacy card stops', () => {
      const employee = [acquired({ insurerNumber: employeeInsurer }), legacyCardIssued(), ...cancelledPerson.slice(1)];
      expect(certificatesDue(employee, '2025-08-01')).toEqual([]);
      expect(certificatesDue(employee, '2025-12-02')).toEqual(deferredTo('2025-12-02'));
    });
  });

  describe('a person needing consideration', () => {
    it('R22: owes a certificate from recognition and again once it expires, without a new application', () => {
      const history = [acquired(), registered(on('2023-05-01')), careNeedsRecognized(on('2025-07-01'))];
      expect(certificatesDue(history, '2025-07-01')).toEqual([
        expect.objectContaining({ rule: 'R22', occasion: 'care-needs', dueOn: '2025-07-01' }),
      ]);
      const withCertificate = [...history, certificateIssued()];
      expect(certificatesDue(withCertificate, '2026-07-31')).toEqual([]);
      expect(certificatesDue(withCertificate, '2026-08-01')).toEqual([
        expect.objectContaining({ rule: 'R22', occasion: 'renewal', dueOn: '2026-08-01' }),
      ]);
    });

    it('R22, R42: a certificate returned after it ran out is still renewed from the day after its last', () => {
      const history = [
        acquired(),
        registered(on('2023-05-01')),
        careNeedsRecognized(on('2025-07-01')),
        certificateIssued(),
      ];
      const returned = event('DocumentReturned', {
        documentId: documentId('certificate-1'),
        returnedOn: on('2026-09-01'),
      });
      expect(certificatesDue([...history, returned], '2026-08-15')).toEqual(certificatesDue(history, '2026-08-15'));
      expect(certificatesDue([...history, returned], '2026-10-01')).toEqual([
        expect.objectContaining({ rule: 'R22', occasion: 'renewal', dueOn: '2026-08-01' }),
      ]);
    });
  });

  describe('a certificate valid from before the day it was issued', () => {
    const backdated = certificateIssued({ issuedOn: on('2025-06-01'), validFrom: on('2025-04-01') });

    it('R20, R42: settles nothing before it was issued: on those days the certificate is still owed', () => {
      const history = [acquired({ acquiredOn: on('2025-04-01') }), backdated];
      expect(certificatesDue(history, '2025-05-01')).toEqual([
        expect.objectContaining({ rule: 'R20', dueOn: '2025-04-01' }),
      ]);
      expect(certificatesDue(history, '2025-06-01')).toEqual([]);
    });
  });
});
