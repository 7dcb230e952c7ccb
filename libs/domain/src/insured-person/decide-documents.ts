import { type CalendarDate, lastDayOfMonths } from '../calendar';
import { refuse, type RuleId } from '../errors/domain-error';
import { type LedgerPolicy } from '../policy';
import { ageBandOn, isAged70OrOver } from './burden-ratio';
import { revokedByRecordedCardWorking } from './card-working';
import { certificateGroundsOn } from './certificate-grounds';
import { coveragePeriodOn, registrationChangeOn } from './coverage';
import { type IssueDocument } from './commands';
import { documentsOfType, lastValidDay, liveDocumentsOn, takesOverOn, validDocumentsOn } from './documents';
import {
  type CancellationApplicant,
  type DocumentIssued,
  type DocumentRevoked,
  event,
  type InsuredPersonEvent,
} from './events';
import { requireCoveredOn } from './guards';
import { documentsDue } from './obligations';
import { revocations } from './revocations';
import { type InsuredPersonState } from './state';

type Issue = IssueDocument['data'];

export function issueDocument(
  { data }: IssueDocument,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  if (state.documents.has(data.documentId)) {
    refuse('DOCUMENT_ALREADY_ISSUED', undefined, `document ${data.documentId} was already issued`);
  }
  if (data.validUntil !== undefined && data.validUntil < data.validFrom) {
    refuse(
      'VALIDITY_ENDS_BEFORE_START',
      undefined,
      `validUntil ${data.validUntil} is before validFrom ${data.validFrom}`,
    );
  }
  const events = issueByType(data, state, policy);
  return [...events, ...endedByRecordedLoss(data, state, policy)];
}

function issueByType(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): InsuredPersonEvent[] {
  switch (data.documentType) {
    case 'legacy-card':
      return issueLegacyCard(data, state, policy);
    case 'eligibility-certificate':
      return issueEligibilityCertificate(data, state, policy);
    case 'qualification-notice':
      return issueQualificationNotice(data, state, policy);
    case 'elderly-recipient-certificate':
      return issueElderlyRecipientCertificate(data, state, policy);
    case 'limit-certificate':
    case 'specified-disease-certificate':
      requireCoveredOn(state, data.issuedOn, undefined, `a ${data.documentType}`);
      return [issued(data)];
  }
}

/**
 * A loss already recorded ends the coverage a document is issued in (a late issue, a migrated one):
 * the document ends with it, as the loss would have ended it had it come later, and one that would
 * only be valid after it is refused (R2). One that ran out before, a legacy card under its cap too
 * (R11), ends as it would have: expired, not revoked.
 */
function endedByRecordedLoss(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): DocumentRevoked[] {
  const lostOn = coveragePeriodOn(state, data.issuedOn)?.lostOn;
  const until = lastValidDay(state, data, policy);
  if (lostOn === undefined || (until !== undefined && until < lostOn)) return [];
  if (data.validFrom >= lostOn) {
    refuse(
      'NOT_QUALIFIED',
      'R2',
      `the qualification the document is issued in ends on ${lostOn}: valid from ${data.validFrom}, it would never be valid`,
    );
  }
  return revocations([data], lostOn, 'qualification-lost');
}

function issued(data: Issue): DocumentIssued {
  return event('DocumentIssued', data);
}

/**
 * The new document replaces every live one of its type issued before it (R26: at most one valid
 * certificate). One recorded after a document issued later (an insurer loading its history) is in
 * turn replaced when that one takes over: the outcome is that of recording them in issue order.
 */
function issuedSuperseding(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): InsuredPersonEvent[] {
  const from = takesOverOn(data);
  // One that starts only after the new one ends (a renewal to come, when a lost one is reissued) stays.
  const replaced = liveDocumentsOn(state, from, policy).filter(
    (document) =>
      document.documentType === data.documentType &&
      document.issuedOn <= data.issuedOn &&
      (data.validUntil === undefined || takesOverOn(document) <= data.validUntil),
  );
  // Only a later one that would have replaced this one, recorded in order: one that ends before this starts would not.
  const replacedOn = documentsOfType(state, data.documentType)
    .filter(
      (document) =>
        document.issuedOn > data.issuedOn &&
        (document.validUntil === undefined || takesOverOn(data) <= document.validUntil),
    )
    .map(takesOverOn)
    .filter((day) => data.validUntil === undefined || day <= data.validUntil)
    .sort()[0];
  return [
    issued(data),
    ...revocations(replaced, from, 'superseded'),
    ...(replacedOn === undefined ? [] : revocations([data], replacedOn, 'superseded')),
  ];
}

/**
 * No legacy card on or after the cutover, whatever the reason; earlier ones may be migrated in
 * (R10). A reissued card replaces the one before it, and a change of printed details on or after
 * the cutover already on record stops the card as it would have, had it come later (R12).
 */
function issueLegacyCard(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): InsuredPersonEvent[] {
  if (data.issuedOn >= policy.cutover) {
    refuse('LEGACY_CARD_AFTER_CUTOVER', 'R10', `no legacy card is issued or reissued on or after ${policy.cutover}`);
  }
  requireCoveredOn(state, data.issuedOn, undefined, 'a legacy card');
  const stoppedOn = coveragePeriodOn(state, data.issuedOn)!
    .detailsChanges.map((change) => change.effectiveOn)
    .filter((day) => day >= policy.cutover && day >= data.issuedOn)
    .sort()[0];
  const until = lastValidDay(state, data, policy);
  const stopped = stoppedOn !== undefined && (until === undefined || stoppedOn <= until);
  return [
    ...issuedSuperseding(data, state, policy),
    ...(stopped ? revocations([data], stoppedOn, 'details-changed') : []),
  ];
}

function issueEligibilityCertificate(
  data: Issue,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  if (data.issuedOn < policy.cutover) {
    refuse(
      'CERTIFICATE_BEFORE_CUTOVER',
      'R20',
      `eligibility certificates are issued from ${policy.cutover}, when they took the legacy card's place`,
    );
  }
  requireCoveredOn(state, data.issuedOn, 'R20', 'an eligibility certificate');
  requireCertificateGround(data, state, policy);
  const applicant = certificateApplicant(data, state);
  if (applicant === 'agent' && data.delivery !== 'mail-to-head-of-household') {
    refuse(
      'AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD',
      'R25',
      'a certificate applied for by an agent from another household is mailed to the head of household',
    );
  }
  const { validUntil } = data;
  if (validUntil === undefined) {
    return refuse('VALIDITY_MISSING', 'R26', 'an eligibility certificate states how long it is valid (validUntil)');
  }
  const longest = lastDayOfMonths(data.validFrom, policy.certificateMaxValidityYears * 12);
  if (validUntil > longest) {
    refuse('VALIDITY_TOO_LONG', 'R26', `a certificate valid from ${data.validFrom} is valid at most until ${longest}`);
  }
  const certificate = { ...data, validUntil, ...(applicant !== undefined && { applicant }) };
  return [
    ...issuedSuperseding(certificate, state, policy),
    ...revokedByRecordedCardWorking(certificate, state, policy),
  ];
}

/**
 * Who applied for the certificate. One owed for a cancellation was applied for with it: by whoever
 * asked for the cancellation in force on the day of issue, an agent's mailed later to the head of
 * household (R25, seed 001); an applicant named otherwise is refused.
 */
function certificateApplicant(data: Issue, state: InsuredPersonState): CancellationApplicant | undefined {
  if (data.occasion !== 'cancellation') return data.applicant;
  const requestedBy = registrationChangeOn(state, data.issuedOn, 'cancellation-pending')?.applicant;
  if (requestedBy !== undefined && data.applicant !== undefined && data.applicant !== requestedBy) {
    refuse(
      'CANCELLATION_APPLICANT_DIFFERS',
      'R25',
      `the cancellation the certificate is owed for was asked for by ${requestedBy}, not ${data.applicant}`,
    );
  }
  return data.applicant ?? requestedBy;
}

/** The occasion must name a ground the person has on the day of issue (R20-R24, R37). */
function requireCertificateGround(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): void {
  const grounds = certificateGroundsOn(state, data.issuedOn, policy).map((ground) => ground.rule);
  switch (data.occasion) {
    case 'care-needs':
      if (!grounds.includes('R22')) refuse('CARE_NEEDS_NOT_RECOGNIZED', 'R22', 'no care needs are recognized');
      return;
    case 'restriction':
      if (!grounds.includes('R23')) refuse('NOT_RESTRICTED', 'R23', 'no viewing restriction blocks the card');
      return;
    case 'loss':
      if (!hasOpenLoss(state, data.issuedOn)) {
        refuse(
          'NO_DOCUMENT_REPORTED_LOST',
          'R24',
          'a reissue for loss needs a legacy card or certificate reported lost',
        );
      }
      return;
    case 'acquisition':
      if (!grounds.includes('R20')) {
        refuse(
          'CERTIFICATE_WITHOUT_GROUND',
          'R20',
          'on acquisition a certificate goes to a person without a registered card',
        );
      }
      return;
    case 'cancellation':
      if (!grounds.includes('R21') && !grounds.includes('R37')) {
        refuse('CERTIFICATE_WITHOUT_GROUND', 'R21', 'the registration cancellation has not taken effect');
      }
      requireNotDeferred(data, state, policy, grounds);
      return;
    default:
      if (grounds.length === 0) {
        refuse(
          'CERTIFICATE_WITHOUT_GROUND',
          'R22',
          'the person uses a registered card and has no recognized care needs or restriction',
        );
      }
      requireNotDeferred(data, state, policy, grounds);
  }
}

/** With a valid legacy card, a certificate owed only for a cancellation waits for the bulk renewal the obligation names (R21). */
function requireNotDeferred(
  data: Issue,
  state: InsuredPersonState,
  policy: LedgerPolicy,
  grounds: readonly RuleId[],
): void {
  if (
    grounds.length === 1 &&
    grounds[0] === 'R21' &&
    validDocumentsOn(state, 'legacy-card', takesOverOn(data), policy).length > 0 &&
    !documentsDue(state, takesOverOn(data), policy).some((obligation) => obligation.rule === 'R21')
  ) {
    refuse(
      'CERTIFICATE_DEFERRED_TO_BULK_RENEWAL',
      'R21',
      'the person still holds a valid legacy card: the certificate follows at the next bulk renewal',
    );
  }
}

/**
 * A legacy card or certificate reported lost by the day of issue, in the coverage period the
 * reissue falls in, and not yet answered by a card or certificate issued since the report (R24).
 */
function hasOpenLoss(state: InsuredPersonState, issuedOn: CalendarDate): boolean {
  const period = coveragePeriodOn(state, issuedOn);
  const held = [...documentsOfType(state, 'legacy-card'), ...documentsOfType(state, 'eligibility-certificate')];
  return held.some(
    ({ documentId, reportedLostOn }) =>
      period !== undefined &&
      reportedLostOn !== undefined &&
      reportedLostOn >= period.acquiredOn &&
      reportedLostOn <= issuedOn &&
      // Answered by a document issued since the report that serves by the reissue's day, not by a renewal still to come.
      !held.some(
        (other) =>
          other.documentId !== documentId && other.issuedOn >= reportedLostOn && takesOverOn(other) <= issuedOn,
      ),
  );
}

/** A notice goes with a new acquisition or a 70+ ratio change (R28), never in a certificate's stead. */
function issueQualificationNotice(data: Issue, state: InsuredPersonState, policy: LedgerPolicy): InsuredPersonEvent[] {
  const qualification = requireCoveredOn(state, data.issuedOn, 'R28', 'a qualification notice');
  if (data.occasion === 'cancellation' || data.occasion === 'care-needs' || data.occasion === 'restriction') {
    refuse('NOTICE_WITHOUT_OCCASION', 'R28', `a qualification notice is not issued for ${data.occasion}`);
  }
  // Mailed ahead of a change, it is for the age the person has when it takes over.
  if (data.occasion === 'ratio-change' && !isAged70OrOver(qualification.birthDate, takesOverOn(data))) {
    refuse('NOTICE_WITHOUT_OCCASION', 'R28', 'a ratio-change notice is for people aged 70 or over');
  }
  return issuedSuperseding(data, state, policy);
}

/** The elderly recipient certificate states the 70-74 burden ratio (R4). */
function issueElderlyRecipientCertificate(
  data: Issue,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  const { birthDate } = requireCoveredOn(state, data.issuedOn, 'R4', 'an elderly recipient certificate');
  // On its last day too: from the 75th birthday the late-elderly scheme covers the holder.
  for (const day of [data.validFrom, data.validUntil]) {
    if (day !== undefined && ageBandOn(birthDate, day) !== '70-to-74') {
      refuse('ELDERLY_RECIPIENT_AGE', 'R4', `the holder is not aged 70 to 74 on ${day}`);
    }
  }
  // A new one prints the ratio in force from its first day: the one before it ends then.
  return issuedSuperseding(data, state, policy);
}
