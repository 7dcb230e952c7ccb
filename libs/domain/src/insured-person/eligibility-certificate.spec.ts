import { defaultPolicy } from '../policy';
import { foldEvents } from './decide';
import { validDocumentsOn } from './documents';
import { event } from './events';
import {
  acquired,
  cancellationRequested,
  cancelled,
  careNeedsRecognized,
  certificateIssued,
  documentId,
  given,
  issuedData,
  legacyCardIssued,
  on,
  registered,
  restrictionFiled,
} from './person.test-kit';

const certificate = (overrides: Parameters<typeof issuedData>[0] extends infer T ? Partial<T> : never = {}) =>
  issuedData({
    documentId: documentId('certificate-2'),
    documentType: 'eligibility-certificate',
    issuedOn: on('2025-12-02'),
    validFrom: on('2025-12-02'),
    validUntil: on('2026-07-31'),
    occasion: 'acquisition',
    ...overrides,
  });
const issued = (data: ReturnType<typeof certificate>) => event('DocumentIssued', data);
const registeredPerson = [acquired(), registered(on('2023-05-01'))];

describe('eligibility certificate', () => {
  describe('a person without a registered card', () => {
    it('R20: gets a certificate without applying', () => {
      const data = certificate();
      given([acquired()])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R20: gets one for a period before a re-enrolment, as before the re-enrolment was recorded', () => {
      const data = certificate({
        issuedOn: on('2025-01-10'),
        validFrom: on('2025-01-10'),
        validUntil: on('2026-01-09'),
      });
      const leftAndCameBack = [
        acquired({ acquiredOn: on('2024-04-01') }),
        event('QualificationLost', { lostOn: on('2025-08-01'), reason: 'other-insurance' }),
        acquired({ acquiredOn: on('2025-09-01') }),
      ];
      // Valid past the loss already recorded, it ends with the period (R2).
      const endsWithThePeriod = event('DocumentRevoked', {
        documentId: data.documentId,
        revokedOn: on('2025-08-01'),
        reason: 'qualification-lost',
      });
      given(leftAndCameBack)
        .when({ type: 'IssueDocument', data })
        .then([issued(data), endsWithThePeriod]);
    });

    it('R20: a person not covered gets none', () => {
      given([acquired({ acquiredOn: on('2026-01-01') })])
        .when({ type: 'IssueDocument', data: certificate() })
        .thenRefuses('NOT_QUALIFIED', 'R20');
    });
  });

  describe('after a registration cancellation', () => {
    const cancelledPerson = [...registeredPerson, cancellationRequested(on('2025-02-10')), cancelled(on('2025-04-01'))];
    /** The same person still holding a valid legacy card (R21 defers the certificate). */
    const cancelledWithCard = [acquired(), legacyCardIssued(), ...cancelledPerson.slice(1)];

    it('R21: a certificate follows once the cancellation took effect', () => {
      const data = certificate({ issuedOn: on('2025-04-01'), validFrom: on('2025-04-01'), occasion: 'cancellation' });
      given(cancelledPerson)
        .when({ type: 'IssueDocument', data })
        .then([issued({ ...data, applicant: 'self' })]);
    });

    it('R21: not before the cancellation takes effect (the registration still counts)', () => {
      given(cancelledPerson)
        .when({
          type: 'IssueDocument',
          data: certificate({ issuedOn: on('2025-03-31'), validFrom: on('2025-03-31'), occasion: 'cancellation' }),
        })
        .thenRefuses('CERTIFICATE_WITHOUT_GROUND', 'R21');
    });

    it('R21: is not issued at once while a legacy card is still valid: it is deferred to the bulk renewal', () => {
      given(cancelledWithCard)
        .when({
          type: 'IssueDocument',
          data: certificate({ issuedOn: on('2025-04-01'), validFrom: on('2025-04-01'), occasion: 'cancellation' }),
        })
        .thenRefuses('CERTIFICATE_DEFERRED_TO_BULK_RENEWAL', 'R21');
    });

    it('R21: the deferred certificate is issued for the cancellation on the bulk renewal, not the day before', () => {
      const onRenewal = certificate({
        issuedOn: on('2025-08-01'),
        validFrom: on('2025-08-01'),
        occasion: 'cancellation',
      });
      given(cancelledWithCard)
        .when({
          type: 'IssueDocument',
          data: { ...onRenewal, issuedOn: on('2025-07-31'), validFrom: on('2025-07-31') },
        })
        .thenRefuses('CERTIFICATE_DEFERRED_TO_BULK_RENEWAL', 'R21');
      given(cancelledWithCard)
        .when({ type: 'IssueDocument', data: onRenewal })
        .then([issued({ ...onRenewal, applicant: 'self' })]);
    });

    it('R21: the deferred certificate may be mailed ahead of the bulk renewal, valid from it', () => {
      const mailedInJuly = certificate({
        issuedOn: on('2025-07-20'),
        validFrom: on('2025-08-01'),
        occasion: 'cancellation',
      });
      given(cancelledWithCard)
        .when({ type: 'IssueDocument', data: mailedInJuly })
        .then([issued({ ...mailedInJuly, applicant: 'self' })]);
      given(cancelledWithCard)
        .when({ type: 'IssueDocument', data: { ...mailedInJuly, validFrom: on('2025-07-31') } })
        .thenRefuses('CERTIFICATE_DEFERRED_TO_BULK_RENEWAL', 'R21');
    });

    it('R21: calling it a renewal does not bring the deferred certificate forward', () => {
      given(cancelledWithCard)
        .when({
          type: 'IssueDocument',
          data: certificate({ issuedOn: on('2025-07-31'), validFrom: on('2025-07-31'), occasion: 'renewal' }),
        })
        .thenRefuses('CERTIFICATE_DEFERRED_TO_BULK_RENEWAL', 'R21');
    });

    it('R21: at the bulk renewal the deferred certificate is issued although the legacy card is valid', () => {
      const data = certificate({ issuedOn: on('2025-08-01'), validFrom: on('2025-08-01'), occasion: 'renewal' });
      given(cancelledWithCard)
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R22: care needs recognized after the cancellation give a certificate at once, not at the bulk renewal (R21)', () => {
      const data = certificate({ issuedOn: on('2025-04-10'), validFrom: on('2025-04-10'), occasion: 'application' });
      given([...cancelledWithCard, careNeedsRecognized(on('2025-04-05'))])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });
  });

  describe('a registered person', () => {
    it('R22: "just in case" is no reason: a registered person without care needs gets none', () => {
      given(registeredPerson)
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'application' }) })
        .thenRefuses('CERTIFICATE_WITHOUT_GROUND', 'R22');
    });

    it('R22: a person needing consideration gets one on application although registered', () => {
      const data = certificate({ occasion: 'care-needs' });
      given([...registeredPerson, careNeedsRecognized(on('2025-11-01'))])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R22: renewals follow without a new application once care needs are recognized', () => {
      const renewal = certificate({
        issuedOn: on('2026-08-01'),
        validFrom: on('2026-08-01'),
        validUntil: on('2027-07-31'),
        occasion: 'renewal',
      });
      given([
        ...registeredPerson,
        careNeedsRecognized(on('2025-11-01')),
        certificateIssued({ issuedOn: on('2025-11-01'), validFrom: on('2025-11-01') }),
      ])
        .when({ type: 'IssueDocument', data: renewal })
        .then([issued(renewal)]);
    });

    it('R22: the care-needs occasion is refused without recognized care needs', () => {
      given(registeredPerson)
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'care-needs' }) })
        .thenRefuses('CARE_NEEDS_NOT_RECOGNIZED', 'R22');
    });

    it('R23: a viewing restriction that blocks the card gives a certificate', () => {
      const data = certificate({ occasion: 'restriction' });
      given([...registeredPerson, restrictionFiled(on('2025-10-01'))])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R23: the restriction occasion is refused without a restriction', () => {
      given(registeredPerson)
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'restriction' }) })
        .thenRefuses('NOT_RESTRICTED', 'R23');
    });
  });

  describe('loss', () => {
    it('R24: a lost legacy card gives a certificate on application', () => {
      const lost = event('DocumentReportedLost', { documentId: documentId('card-1'), reportedOn: on('2025-01-05') });
      const data = certificate({ issuedOn: on('2025-01-06'), validFrom: on('2025-01-06'), occasion: 'loss' });
      given([...registeredPerson, legacyCardIssued(), lost])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R24: a card reported lost stays reported lost when a change reported later ends it from an earlier date', () => {
      const lost = event('DocumentReportedLost', { documentId: documentId('card-1'), reportedOn: on('2025-01-20') });
      const changedEarlier = event('DocumentRevoked', {
        documentId: documentId('card-1'),
        revokedOn: on('2025-01-10'),
        reason: 'details-changed',
      });
      const data = certificate({ issuedOn: on('2025-01-21'), validFrom: on('2025-01-21'), occasion: 'loss' });
      given([...registeredPerson, legacyCardIssued(), lost, changedEarlier])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R24: a lost certificate gives a new one on application', () => {
      const lost = event('DocumentReportedLost', {
        documentId: documentId('certificate-1'),
        reportedOn: on('2025-03-01'),
      });
      const data = certificate({ issuedOn: on('2025-03-05'), validFrom: on('2025-03-05'), occasion: 'loss' });
      given([...registeredPerson, certificateIssued({ issuedOn: on('2025-01-10'), validFrom: on('2025-01-10') }), lost])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R24: only a loss reported by the day of issue, in this coverage period and not yet answered by a reissue, grounds one', () => {
      const onLoss = (issuedOn: string) =>
        certificate({
          documentId: documentId('certificate-9'),
          issuedOn: on(issuedOn),
          validFrom: on(issuedOn),
          occasion: 'loss',
        });
      const lostIn2023 = event('DocumentReportedLost', {
        documentId: documentId('card-1'),
        reportedOn: on('2023-09-01'),
      });
      const answered = legacyCardIssued({
        documentId: documentId('card-2'),
        issuedOn: on('2023-09-10'),
        validFrom: on('2023-09-10'),
        occasion: 'loss',
      });
      given([acquired(), legacyCardIssued(), lostIn2023, answered, registered(on('2024-05-01'))])
        .when({ type: 'IssueDocument', data: onLoss('2025-06-01') })
        .thenRefuses('NO_DOCUMENT_REPORTED_LOST', 'R24');
      const inAnEarlierPeriod = [
        acquired(),
        legacyCardIssued(),
        lostIn2023,
        event('QualificationLost', { lostOn: on('2024-01-01'), reason: 'moved-out' }),
        acquired({ acquiredOn: on('2025-04-01'), carriedRegistration: 'registered' }),
      ];
      given(inAnEarlierPeriod)
        .when({ type: 'IssueDocument', data: onLoss('2025-06-01') })
        .thenRefuses('NO_DOCUMENT_REPORTED_LOST', 'R24');
      const reportedLater = event('DocumentReportedLost', {
        documentId: documentId('card-1'),
        reportedOn: on('2025-09-01'),
      });
      given([...registeredPerson, legacyCardIssued(), reportedLater])
        .when({ type: 'IssueDocument', data: onLoss('2025-06-01') })
        .thenRefuses('NO_DOCUMENT_REPORTED_LOST', 'R24');
      given([...registeredPerson, legacyCardIssued(), reportedLater])
        .when({ type: 'IssueDocument', data: onLoss('2025-09-01') })
        .then([issued(onLoss('2025-09-01'))]);
    });

    it('R24: a renewal that starts only later does not answer a loss: the reissue for the days before it is accepted', () => {
      const current = certificateIssued({ documentId: documentId('A') });
      const lost = event('DocumentReportedLost', { documentId: documentId('A'), reportedOn: on('2026-07-10') });
      const renewal = certificateIssued({
        documentId: documentId('R'),
        issuedOn: on('2026-07-15'),
        validFrom: on('2026-08-01'),
        validUntil: on('2027-07-31'),
      });
      const reissue = certificate({
        documentId: documentId('L'),
        issuedOn: on('2026-07-20'),
        validFrom: on('2026-07-20'),
        validUntil: on('2026-07-31'),
        occasion: 'loss',
      });
      given([acquired(), current, lost, renewal])
        .when({ type: 'IssueDocument', data: reissue })
        .then([issued(reissue)]);
    });

    it('R24, R26: a renewal recorded after a shorter reissue for loss stays in force, as if recorded in issue order', () => {
      const current = certificateIssued({ documentId: documentId('A') });
      const lost = event('DocumentReportedLost', { documentId: documentId('A'), reportedOn: on('2026-07-10') });
      const reissue = certificate({
        documentId: documentId('L'),
        issuedOn: on('2026-07-12'),
        validFrom: on('2026-07-12'),
        validUntil: on('2026-07-31'),
        occasion: 'loss',
      });
      const renewal = certificate({
        documentId: documentId('D'),
        issuedOn: on('2026-07-01'),
        validFrom: on('2026-08-01'),
        validUntil: on('2027-07-31'),
        occasion: 'renewal',
      });
      given([acquired(), current, lost, issued(reissue)])
        .when({ type: 'IssueDocument', data: renewal })
        .then([issued(renewal)]);
    });

    it('R24, R26: a reissue for a lost certificate leaves the renewal mailed to start after it in force', () => {
      const current = certificateIssued({
        documentId: documentId('A'),
        issuedOn: on('2024-12-02'),
        validFrom: on('2024-12-02'),
        validUntil: on('2025-07-31'),
        occasion: 'acquisition',
      });
      const renewal = certificateIssued({
        documentId: documentId('B'),
        issuedOn: on('2025-07-10'),
        validFrom: on('2025-08-01'),
        validUntil: on('2026-07-31'),
      });
      const lost = event('DocumentReportedLost', { documentId: documentId('A'), reportedOn: on('2025-07-15') });
      const reissue = certificate({
        documentId: documentId('C'),
        issuedOn: on('2025-07-20'),
        validFrom: on('2025-07-20'),
        validUntil: on('2025-07-31'),
        occasion: 'loss',
      });
      given([acquired(), current, renewal, lost])
        .when({ type: 'IssueDocument', data: reissue })
        .then([issued(reissue)]);
      const state = foldEvents([acquired(), current, renewal, lost, issued(reissue)]);
      expect(
        validDocumentsOn(state, 'eligibility-certificate', on('2025-08-01'), defaultPolicy).map((d) => d.documentId),
      ).toEqual(['B']);
    });

    it('R20: the acquisition occasion is refused for a person whose card is registered or whose registration was cancelled', () => {
      given([...registeredPerson, careNeedsRecognized(on('2025-06-01'))])
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'acquisition' }) })
        .thenRefuses('CERTIFICATE_WITHOUT_GROUND', 'R20');
      const cancelledOn = [...registeredPerson, cancellationRequested(on('2025-02-03')), cancelled(on('2025-03-10'))];
      given(cancelledOn)
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'acquisition' }) })
        .thenRefuses('CERTIFICATE_WITHOUT_GROUND', 'R20');
      const forTheCancellation = certificate({ occasion: 'cancellation' });
      given(cancelledOn)
        .when({ type: 'IssueDocument', data: forTheCancellation })
        .then([issued({ ...forTheCancellation, applicant: 'self' })]);
    });

    it('R24: the loss occasion is refused when nothing was reported lost', () => {
      given([...registeredPerson, legacyCardIssued()])
        .when({ type: 'IssueDocument', data: certificate({ occasion: 'loss' }) })
        .thenRefuses('NO_DOCUMENT_REPORTED_LOST', 'R24');
    });
  });

  describe('application by an agent from another household', () => {
    it('R25: the certificate is mailed later to the head of household, and who applied is recorded (R40)', () => {
      const data = certificate({ delivery: 'mail-to-head-of-household', applicant: 'agent' });
      given([acquired()])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R25: it is not delivered on the day of issue, only later', () => {
      const applied = issued(certificate({ delivery: 'mail-to-head-of-household', applicant: 'agent' }));
      given([acquired(), applied])
        .when({
          type: 'DeliverDocument',
          data: { documentId: documentId('certificate-2'), deliveredOn: on('2025-12-02') },
        })
        .thenRefuses('AGENT_CERTIFICATE_SAME_DAY', 'R25');
      const later = { documentId: documentId('certificate-2'), deliveredOn: on('2025-12-05') };
      given([acquired(), applied])
        .when({ type: 'DeliverDocument', data: later })
        .then([event('DocumentDelivered', later)]);
    });

    it('R25: it is not handed over at the counter', () => {
      given([acquired()])
        .when({ type: 'IssueDocument', data: { ...certificate({ delivery: 'counter' }), applicant: 'agent' } })
        .thenRefuses('AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD', 'R25');
    });

    const cancelledByAgent = [
      ...registeredPerson,
      event('RegistrationCancellationRequested', {
        requestedOn: on('2025-02-03'),
        applicant: 'agent',
        identityDocumentChecked: true,
        powerOfAttorney: true,
      }),
      cancelled(on('2025-03-10')),
    ];
    const forTheCancellation = (overrides: Parameters<typeof certificate>[0] = {}) =>
      certificate({ issuedOn: on('2025-03-10'), validFrom: on('2025-03-10'), occasion: 'cancellation', ...overrides });

    it("R21, R25: the certificate an agent's cancellation brings is mailed to the head of household, never handed over that day", () => {
      given(cancelledByAgent)
        .when({ type: 'IssueDocument', data: forTheCancellation({ delivery: 'counter' }) })
        .thenRefuses('AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD', 'R25');
      const mailed = forTheCancellation({ delivery: 'mail-to-head-of-household' });
      given(cancelledByAgent)
        .when({ type: 'IssueDocument', data: mailed })
        .then([issued({ ...mailed, applicant: 'agent' })]);
      given([...cancelledByAgent, issued({ ...mailed, applicant: 'agent' })])
        .when({ type: 'DeliverDocument', data: { documentId: mailed.documentId, deliveredOn: on('2025-03-10') } })
        .thenRefuses('AGENT_CERTIFICATE_SAME_DAY', 'R25');
    });

    it('R25: a certificate for the cancellation names no other applicant than the one who asked for it', () => {
      given(cancelledByAgent)
        .when({ type: 'IssueDocument', data: forTheCancellation({ delivery: 'counter', applicant: 'self' }) })
        .thenRefuses('CANCELLATION_APPLICANT_DIFFERS', 'R25');
    });

    it("R25: an agent's certificate mailed to the person is refused: only the head of household may receive it", () => {
      given([acquired()])
        .when({ type: 'IssueDocument', data: certificate({ delivery: 'mail-to-person', applicant: 'agent' }) })
        .thenRefuses('AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD', 'R25');
    });
  });

  describe('validity and superseding', () => {
    const revoked = (id: string, revokedOn: string, reason: 'superseded' | 'qualification-lost') =>
      event('DocumentRevoked', { documentId: documentId(id), revokedOn: on(revokedOn), reason });

    it('R26: validity may run five years at most', () => {
      const data = certificate({ validUntil: on('2030-12-01') });
      given([acquired()])
        .when({ type: 'IssueDocument', data })
        .then([issued(data)]);
    });

    it('R26: a validity longer than five years is refused', () => {
      given([acquired()])
        .when({ type: 'IssueDocument', data: certificate({ validUntil: on('2030-12-02') }) })
        .thenRefuses('VALIDITY_TOO_LONG', 'R26');
    });

    it('R26: five years from 29 February end on the last day of February (民法143条: no corresponding day)', () => {
      const leap = certificate({
        issuedOn: on('2028-02-29'),
        validFrom: on('2028-02-29'),
        validUntil: on('2033-02-28'),
      });
      given([acquired()])
        .when({ type: 'IssueDocument', data: leap })
        .then([issued(leap)]);
      given([acquired()])
        .when({ type: 'IssueDocument', data: { ...leap, validUntil: on('2033-03-01') } })
        .thenRefuses('VALIDITY_TOO_LONG', 'R26');
    });

    it('R26: a certificate without validUntil is refused', () => {
      given([acquired()])
        .when({ type: 'IssueDocument', data: certificate({ validUntil: undefined }) })
        .thenRefuses('VALIDITY_MISSING', 'R26');
    });

    it.each([
      ['the day it is issued', '2026-01-15', '2026-01-15', 'details-change'],
      ['its first valid day when mailed ahead of it', '2026-06-20', '2026-07-01', 'renewal'],
      ["the old one's last day when valid from then: never two valid at once", '2026-07-31', '2026-07-31', 'renewal'],
    ] as const)('R26: a new certificate supersedes the valid one from %s', (_, issuedOn, validFrom, occasion) => {
      const data = certificate({
        issuedOn: on(issuedOn),
        validFrom: on(validFrom),
        validUntil: on('2027-06-30'),
        occasion,
      });
      given([acquired(), certificateIssued()])
        .when({ type: 'IssueDocument', data })
        .then([issued(data), revoked('certificate-1', validFrom, 'superseded')]);
    });

    /** Certificate 1, valid through 2025, and certificate 2, mailed in July, which takes over on 1 October. */
    const renewalToCome = [
      acquired(),
      certificateIssued({ issuedOn: on('2025-01-10'), validFrom: on('2025-01-10'), validUntil: on('2025-12-31') }),
      issued(
        certificate({
          issuedOn: on('2025-07-01'),
          validFrom: on('2025-10-01'),
          validUntil: on('2026-09-30'),
          occasion: 'renewal',
        }),
      ),
      event('DocumentRevoked', {
        documentId: documentId('certificate-1'),
        revokedOn: on('2025-10-01'),
        reason: 'superseded',
      }),
    ];

    it('R26: a certificate valid sooner than one still to come supersedes both: never two valid at once', () => {
      const sooner = certificate({
        documentId: documentId('certificate-3'),
        issuedOn: on('2025-07-10'),
        validFrom: on('2025-08-01'),
        validUntil: on('2026-07-31'),
        occasion: 'details-change',
      });
      const superseding = [
        issued(sooner),
        revoked('certificate-1', '2025-08-01', 'superseded'),
        revoked('certificate-2', '2025-08-01', 'superseded'),
      ];
      given(renewalToCome).when({ type: 'IssueDocument', data: sooner }).then(superseding);

      const state = foldEvents([...renewalToCome, ...superseding]);
      expect(
        validDocumentsOn(state, 'eligibility-certificate', on('2025-08-15'), defaultPolicy).map((d) => d.documentId),
      ).toEqual(['certificate-3']);
    });

    it('R26: a certificate recorded late, issued before the one the person holds, leaves that one valid', () => {
      const held = certificate({
        issuedOn: on('2025-08-01'),
        validFrom: on('2025-08-01'),
        validUntil: on('2026-07-31'),
      });
      const older = certificate({
        documentId: documentId('certificate-1'),
        issuedOn: on('2025-01-10'),
        validFrom: on('2025-01-10'),
        validUntil: on('2025-07-31'),
      });
      given([acquired(), issued(held)])
        .when({ type: 'IssueDocument', data: older })
        .then([issued(older)]);
      // Valid past the day the newer one took over, the older one ends that day, as recorded in issue order.
      const overlapping = { ...older, validUntil: on('2025-12-31') };
      const lateEvents = [issued(overlapping), revoked('certificate-1', '2025-08-01', 'superseded')];
      given([acquired(), issued(held)])
        .when({ type: 'IssueDocument', data: overlapping })
        .then(lateEvents);
      const inIssueOrder = foldEvents([
        acquired(),
        issued(overlapping),
        issued(held),
        revoked('certificate-1', '2025-08-01', 'superseded'),
      ]);
      const late = foldEvents([acquired(), issued(held), ...lateEvents]);
      for (const day of ['2025-03-01', '2025-08-01', '2025-09-01']) {
        const valid = (state: typeof late) =>
          validDocumentsOn(state, 'eligibility-certificate', on(day), defaultPolicy).map((d) => d.documentId);
        expect(valid(late)).toEqual(valid(inIssueOrder));
        expect(valid(late)).toHaveLength(1);
      }
    });

    it('R26: a loss dated before a supersession to come revokes the certificate it would have ended', () => {
      const withdrawal = { lostOn: on('2025-08-15'), reason: 'other-insurance' } as const;
      given(renewalToCome)
        .when({ type: 'LoseQualification', data: withdrawal })
        .then([
          event('QualificationLost', withdrawal),
          revoked('certificate-1', '2025-08-15', 'qualification-lost'),
          revoked('certificate-2', '2025-08-15', 'qualification-lost'),
        ]);
    });

    it('R2: issued late, within a coverage whose loss is recorded, it ends with the loss, even when valid through the loss day only; one valid only after it is refused', () => {
      const lost = event('QualificationLost', { lostOn: on('2025-09-01'), reason: 'other-insurance' });
      const late = certificate({
        issuedOn: on('2025-08-01'),
        validFrom: on('2025-08-01'),
        validUntil: on('2026-07-31'),
      });
      given([acquired(), lost])
        .when({ type: 'IssueDocument', data: late })
        .then([issued(late), revoked('certificate-2', '2025-09-01', 'qualification-lost')]);
      // The loss day is the first without coverage.
      const throughTheLossDay = { ...late, validUntil: on('2025-09-01') };
      given([acquired(), lost])
        .when({ type: 'IssueDocument', data: throughTheLossDay })
        .then([issued(throughTheLossDay), revoked('certificate-2', '2025-09-01', 'qualification-lost')]);
      given([acquired(), lost])
        .when({ type: 'IssueDocument', data: { ...late, validFrom: on('2025-10-01') } })
        .thenRefuses('NOT_QUALIFIED', 'R2');
      const endingBefore = { ...late, validUntil: on('2025-08-31') };
      given([acquired(), lost])
        .when({ type: 'IssueDocument', data: endingBefore })
        .then([issued(endingBefore)]);
    });

    it('refuses a validity that ends before it starts, and a document id used before', () => {
      given([acquired()])
        .when({ type: 'IssueDocument', data: certificate({ validUntil: on('2025-12-01') }) })
        .thenRefuses('VALIDITY_ENDS_BEFORE_START', undefined);
      given([acquired(), certificateIssued()])
        .when({ type: 'IssueDocument', data: certificate({ documentId: documentId('certificate-1') }) })
        .thenRefuses('DOCUMENT_ALREADY_ISSUED', undefined);
    });
  });

  describe('re-registration', () => {
    it('R27: the certificate is revoked once the card works again', () => {
      const history = [
        ...registeredPerson,
        cancellationRequested(on('2025-02-10')),
        cancelled(on('2025-04-01')),
        certificateIssued(),
      ];
      given(history)
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-10-01'), channel: 'card-reader' } })
        .then([
          event('CardRegistered', { registeredOn: on('2025-10-01'), channel: 'card-reader' } as const),
          event('DocumentRevoked', {
            documentId: documentId('certificate-1'),
            revokedOn: on('2025-10-01'),
            reason: 'card-working',
          }),
        ]);
    });

    it('R27: a person needing consideration keeps the certificate after re-registering', () => {
      const history = [acquired(), careNeedsRecognized(on('2025-07-01')), certificateIssued()];
      given(history)
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-10-01'), channel: 'portal' } })
        .then([registered(on('2025-10-01'))]);
    });

    const cancelledEarly = [...registeredPerson, cancellationRequested(on('2024-12-10')), cancelled(on('2025-01-15'))];

    it('R27, R22, R42: a registration recorded late revokes what the person held then, by the needs in force then', () => {
      const neededThen = [
        ...cancelledEarly,
        careNeedsRecognized(on('2025-01-20')),
        certificateIssued({ issuedOn: on('2025-01-20'), validFrom: on('2025-01-20'), occasion: 'care-needs' }),
        event('CareNeedsEnded', { endedOn: on('2025-06-01'), category: 'companion-needed' }),
      ];
      given(neededThen)
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-03-01'), channel: 'portal' } })
        .then([registered(on('2025-03-01'))]);
    });

    const cardWorking = (documentIdText: string, revokedOn: string) =>
      event('DocumentRevoked', {
        documentId: documentId(documentIdText),
        revokedOn: on(revokedOn),
        reason: 'card-working',
      });

    it('R20, R27: a certificate recorded after a registration dated from its first day is revoked then, as in date order', () => {
      const mailedAhead = certificate({
        issuedOn: on('2025-02-28'),
        validFrom: on('2025-03-01'),
        validUntil: on('2026-02-28'),
      });
      const registration = { registeredOn: on('2025-03-01'), channel: 'portal' } as const;
      given([acquired(), registered(on('2025-03-01'))])
        .when({ type: 'IssueDocument', data: mailedAhead })
        .then([issued(mailedAhead), cardWorking('certificate-2', '2025-03-01')]);
      given([acquired(), issued(mailedAhead)])
        .when({ type: 'RegisterCard', data: registration })
        .then([registered(on('2025-03-01')), cardWorking('certificate-2', '2025-03-01')]);
      // A registration on record after the certificate's last day leaves it as issued.
      given([acquired(), registered(on('2026-03-01'))])
        .when({ type: 'IssueDocument', data: mailedAhead })
        .then([issued(mailedAhead)]);
    });

    const restrictedAndRegistered = [
      ...registeredPerson,
      restrictionFiled(on('2025-02-01')),
      certificateIssued({ issuedOn: on('2025-02-03'), validFrom: on('2025-02-03'), occasion: 'restriction' }),
    ];
    const lift = {
      type: 'LiftViewingRestriction',
      data: { liftedOn: on('2025-04-01'), scope: 'non-disclosure' },
    } as const;
    const lifted = event('ViewingRestrictionLifted', lift.data);

    it('R23, R27, R30: lifting the restriction that blocked a registered card revokes the certificate it grounded', () => {
      given(restrictedAndRegistered)
        .when(lift)
        .then([lifted, cardWorking('certificate-1', '2025-04-01')]);
      const stillNeeded = [...restrictedAndRegistered, careNeedsRecognized(on('2025-03-01'))];
      given(stillNeeded).when(lift).then([lifted]);
      const noCard = [acquired(), restrictionFiled(on('2025-02-01')), ...restrictedAndRegistered.slice(3)];
      given(noCard).when(lift).then([lifted]);
    });

    it('R27, R42: a registration recorded late revokes on a lift on record after it, when the card came to work', () => {
      const liftedWithoutCard = [
        ...cancelledEarly,
        restrictionFiled(on('2025-02-01')),
        certificateIssued({ issuedOn: on('2025-02-03'), validFrom: on('2025-02-03'), occasion: 'restriction' }),
        lifted,
      ];
      given(liftedWithoutCard)
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-03-01'), channel: 'portal' } })
        .then([registered(on('2025-03-01')), cardWorking('certificate-1', '2025-04-01')]);
    });

    it('R27, R42: a certificate issued after the day a registration recorded late took effect is revoked from its own first day', () => {
      given([...cancelledEarly, certificateIssued({ issuedOn: on('2025-04-01'), validFrom: on('2025-04-01') })])
        .when({ type: 'RegisterCard', data: { registeredOn: on('2025-03-01'), channel: 'portal' } })
        .then([
          registered(on('2025-03-01')),
          event('DocumentRevoked', {
            documentId: documentId('certificate-1'),
            revokedOn: on('2025-04-01'),
            reason: 'card-working',
          }),
        ]);
    });
  });
});
