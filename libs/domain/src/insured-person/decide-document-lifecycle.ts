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
import { isEndedBy } from './documents';
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
  return [event('DocumentRevoked', data)];
}
