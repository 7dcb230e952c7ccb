import { type CalendarDate, dayAfter, dayBefore, earliest, latest } from '../calendar';
import { insuranceSchemeOf } from '../identifiers';
import { type LedgerPolicy } from '../policy';
import { type DocumentType } from './events';
import { type DocumentEnd, type InsuredPersonState, type IssuedDocument } from './state';

/** A document replaces the ones before it from its first valid day: a renewal mailed in July leaves the old one valid until August. */
export const takesOverOn = (document: Pick<IssuedDocument, 'issuedOn' | 'validFrom'>): CalendarDate =>
  latest(document.issuedOn, document.validFrom);

/** Not ended by `on`, and not past its validity then: a revocation on `on` can still end it. */
export const isLiveOn = (
  state: InsuredPersonState,
  document: IssuedDocument,
  on: CalendarDate,
  policy: LedgerPolicy,
): boolean => {
  const until = lastValidDay(state, document, policy);
  return !isEndedBy(document, on) && (until === undefined || until >= on);
};

export const isEndedBy = (
  document: IssuedDocument,
  on: CalendarDate,
): document is IssuedDocument & { readonly end: DocumentEnd } => document.end !== undefined && document.end.on <= on;

/**
 * The last day a document is valid. A legacy card valid when the cutover came keeps its printed
 * expiry but never runs past the law's last day or the scheme's earlier one (R11).
 */
export function lastValidDay(
  state: InsuredPersonState,
  document: IssuedDocument,
  policy: LedgerPolicy,
): CalendarDate | undefined {
  if (document.documentType !== 'legacy-card') return document.validUntil;
  const scheme = state.qualification && insuranceSchemeOf(state.qualification.insurerNumber);
  const schemeCap = scheme && policy.legacyCardLastValidDayByScheme[scheme];
  const cap = schemeCap ? earliest(schemeCap, policy.legacyCardLastValidDay) : policy.legacyCardLastValidDay;
  const printed = document.validUntil ?? cap;
  // A card whose validity had already run out before the cutover is simply expired: no cap needed.
  return printed < dayBefore(policy.cutover) ? printed : earliest(printed, cap);
}

/** Valid on a date: within its validity window and not revoked, superseded, returned or lost by then (R11, R12). */
export function isValidOn(
  state: InsuredPersonState,
  document: IssuedDocument,
  on: CalendarDate,
  policy: LedgerPolicy,
): boolean {
  const until = lastValidDay(state, document, policy);
  return document.validFrom <= on && (until === undefined || on <= until) && !isEndedBy(document, on);
}

export const documentsOfType = (state: InsuredPersonState, documentType: DocumentType): IssuedDocument[] =>
  [...state.documents.values()].filter((document) => document.documentType === documentType);

export const validDocumentsOn = (
  state: InsuredPersonState,
  documentType: DocumentType,
  on: CalendarDate,
  policy: LedgerPolicy,
): IssuedDocument[] =>
  documentsOfType(state, documentType).filter((document) => isValidOn(state, document, on, policy));

/**
 * Documents that a revocation can still end on `on`: not ended by then, and not already past their
 * validity. One whose recorded end is later (a supersession to come, a later change) ends earlier.
 */
export const liveDocumentsOn = (state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): IssuedDocument[] =>
  [...state.documents.values()].filter((document) => isLiveOn(state, document, on, policy));

/** The first day a legacy card no longer counts: after its capped expiry, or when it was revoked or returned (R11, R12). */
export function legacyCardStopsOn(
  state: InsuredPersonState,
  card: IssuedDocument,
  policy: LedgerPolicy,
): CalendarDate | undefined {
  const until = lastValidDay(state, card, policy);
  const expiry = until === undefined ? undefined : dayAfter(until);
  if (card.end === undefined) return expiry;
  return expiry === undefined ? card.end.on : earliest(expiry, card.end.on);
}
