import { type CalendarDate } from '../calendar';
import { refuse } from '../errors/domain-error';
import { type DeliverDocument, type ReportDocumentLost, type ReturnDocument, type RevokeDocument } from './commands';
import {
  type DocumentDelivered,
  type DocumentReportedLost,
  type DocumentReturned,
  type DocumentRevoked,
  event,
} from './events';
import { coveragePeriodOn, isCardUsableOn, isCoveredOn, needsConsiderationOn } from './coverage';
import { documentsOfType, isEndedBy, takesOverOn } from './documents';
import { requireDocument, requireNotBeforeIssue } from './guards';
import { type InsuredPersonState, type IssuedDocument } from './state';

/** Ended by that date: an end recorded for a later date (a supersession to come) still leaves it live. */
function requireNotEnded(document: IssuedDocument, on: CalendarDate): void {
  if (isEndedBy(document, on)) {
    refuse(
      'DOCUMENT_NOT_LIVE',
      undefined,
      `document ${document.documentId} was ${document.end.how} on ${document.end.on}`,
    );
  }
}

export function deliverDocument({ data }: DeliverDocument, state: InsuredPersonState): DocumentDelivered[] {
  const document = requireDocument(state, data.documentId);
  // Handed over once: a second delivery would move the day it reached the person.
  if (document.deliveredOn !== undefined) {
    refuse(
      'DOCUMENT_ALREADY_DELIVERED',
      undefined,
      `document ${document.documentId} was delivered on ${document.deliveredOn}`,
    );
  }
  requireNotEnded(document, data.deliveredOn);
  requireNotBeforeIssue(document, data.deliveredOn, 'deliveredOn');
  if (
    document.documentType === 'eligibility-certificate' &&
    document.applicant === 'agent' &&
    data.deliveredOn <= document.issuedOn
  ) {
    refuse(
      'AGENT_CERTIFICATE_SAME_DAY',
      'R25',
      `document ${document.documentId}, applied for by an agent from another household, is mailed later: not delivered on ${document.issuedOn}, the day of issue`,
    );
  }
  return [event('DocumentDelivered', data)];
}

/** A revoked or superseded document is still handed back; one returned already cannot be returned again. */
export function returnDocument({ data }: ReturnDocument, state: InsuredPersonState): DocumentReturned[] {
  const document = requireDocument(state, data.documentId);
  if (document.returnedOn !== undefined) {
    refuse('DOCUMENT_NOT_LIVE', undefined, `document ${document.documentId} was returned on ${document.returnedOn}`);
  }
  requireNotBeforeIssue(document, data.returnedOn, 'returnedOn');
  return [event('DocumentReturned', data)];
}

export function reportDocumentLost({ data }: ReportDocumentLost, state: InsuredPersonState): DocumentReportedLost[] {
  const document = requireDocument(state, data.documentId);
  requireNotEnded(document, data.reportedOn);
  requireNotBeforeIssue(document, data.reportedOn, 'reportedOn');
  return [event('DocumentReportedLost', data)];
}

export function revokeDocument({ data }: RevokeDocument, state: InsuredPersonState): DocumentRevoked[] {
  const document = requireDocument(state, data.documentId);
  requireNotEnded(document, data.revokedOn);
  requireNotBeforeIssue(document, data.revokedOn, 'revokedOn');
  requireReasonHolds(document, data, state);
  return [event('DocumentRevoked', data)];
}

/**
 * The reasons the ledger itself gives when a fact ends a document must hold on the day named, or
 * the record would contradict itself: a working card ends a certificate only for a person who
 * needs no consideration (R27, R33), never a legacy card (R13); a lost qualification ends coverage
 * first (R2); a loss is reported, which ends the document itself, and grounds a reissue (R24); a
 * document is superseded by another of its type (R26), and ended for details changed by a change (R12).
 */
function requireReasonHolds(document: IssuedDocument, data: RevokeDocument['data'], state: InsuredPersonState): void {
  const { reason, revokedOn } = data;
  if (
    reason === 'card-working' &&
    (document.documentType !== 'eligibility-certificate' ||
      !isCardUsableOn(state, revokedOn) ||
      needsConsiderationOn(state, revokedOn))
  ) {
    refuse(
      'REVOCATION_WITHOUT_GROUND',
      'R27',
      `on ${revokedOn} the card does not take the place of ${document.documentType} ${document.documentId}: it is revoked for card-working only as a certificate of a person whose card works and who needs no consideration`,
    );
  }
  if (reason === 'qualification-lost' && isCoveredOn(state, revokedOn)) {
    refuse(
      'REVOCATION_WITHOUT_GROUND',
      'R2',
      `the person is covered on ${revokedOn}: record the withdrawal, which ends the documents`,
    );
  }
  if (reason === 'superseded' && !supersededBy(state, document, revokedOn)) {
    refuse(
      'REVOCATION_WITHOUT_GROUND',
      'R26',
      `no other ${document.documentType} issued since ${document.issuedOn} takes the place of ${document.documentId} by ${revokedOn}`,
    );
  }
  if (reason === 'details-changed' && !detailsChangedFor(state, document, revokedOn)) {
    refuse(
      'REVOCATION_WITHOUT_GROUND',
      'R12',
      `no printed detail changed in the coverage period of ${document.documentId} by ${revokedOn}`,
    );
  }
  if (reason === 'reported-lost') {
    refuse(
      'REVOCATION_WITHOUT_GROUND',
      'R24',
      `a loss is recorded by reporting it (ReportDocumentLost, /loss), which ends document ${document.documentId}: it is not revoked for it`,
    );
  }
}

/** Another document of its type, issued since, that serves by that day (R26). */
const supersededBy = (state: InsuredPersonState, document: IssuedDocument, on: CalendarDate): boolean =>
  documentsOfType(state, document.documentType).some(
    (other) =>
      other.documentId !== document.documentId && other.issuedOn >= document.issuedOn && takesOverOn(other) <= on,
  );

/**
 * A change of printed details effective by that day in the coverage period the document was issued
 * in. Also one effective before the issue: reported late, it was not printed (R12, R42).
 */
const detailsChangedFor = (state: InsuredPersonState, document: IssuedDocument, on: CalendarDate): boolean =>
  (coveragePeriodOn(state, document.issuedOn)?.detailsChanges ?? []).some((change) => change.effectiveOn <= on);
