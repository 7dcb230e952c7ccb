import { type CalendarDate } from '../calendar';
import { refuse, type RuleId } from '../errors/domain-error';
import { type DocumentId } from '../identifiers';
import { isCoveredOn } from './coverage';
import { type QualificationAcquiredData } from './events';
import { type InsuredPersonState, type IssuedDocument } from './state';

/** Most commands only make sense for a person the insurer covers on the command's date. */
export function requireCoveredOn(
  state: InsuredPersonState,
  on: CalendarDate,
  rule: RuleId | undefined,
  what: string,
): QualificationAcquiredData {
  if (!state.qualification || !isCoveredOn(state, on)) {
    return refuse('NOT_QUALIFIED', rule, `${what} needs a qualification that covers ${on}`);
  }
  return state.qualification;
}

export function requireDocument(state: InsuredPersonState, documentId: DocumentId): IssuedDocument {
  return (
    state.documents.get(documentId) ??
    refuse('DOCUMENT_NOT_FOUND', undefined, `no document ${documentId} was issued to this person`)
  );
}

export function requireNotBeforeIssue(document: IssuedDocument, on: CalendarDate, what: string): void {
  if (on < document.issuedOn) {
    refuse('DATE_BEFORE_ISSUE', undefined, `${what} ${on} is before the document was issued on ${document.issuedOn}`);
  }
}
