import {
  type CalendarDate,
  documentsOwed,
  type InsuredPersonState,
  type IssuedDocument,
  type LedgerPolicy,
  lastValidDay,
  type Obligation,
} from '@ledger/domain';

export type DocumentState =
  'issued' | 'delivered' | 'valid' | 'expired' | 'superseded' | 'revoked' | 'reported-lost' | 'returned';

export interface DocumentView {
  readonly documentId: string;
  readonly documentType: IssuedDocument['documentType'];
  readonly state: DocumentState;
  readonly issuedOn: CalendarDate;
  readonly validFrom: CalendarDate;
  /** The last valid day, capped for legacy cards (R11). */
  readonly validUntil?: CalendarDate;
  readonly occasion: IssuedDocument['occasion'];
  readonly delivery: IssuedDocument['delivery'];
  /** Why it ended, when it did (R12, R26, R27). */
  readonly endedBecause?: string;
  /**
   * The days its handing over, its loss and its return were recorded for, up to the date asked: a
   * document keeps the state of what ended it first, and one handed back after it ran out, was
   * revoked or reported lost says so here.
   */
  readonly deliveredOn?: CalendarDate;
  readonly reportedLostOn?: CalendarDate;
  readonly returnedOn?: CalendarDate;
}

/** A day recorded for a document, shown from that day on. */
const byThen = (day: CalendarDate | undefined, on: CalendarDate): day is CalendarDate => day !== undefined && day <= on;

export interface PendingIssuance extends Obligation {
  readonly state: 'pending-issuance';
}

/** A document's state on a date, evaluated then and not frozen when it was written (DOMAIN.md §6.2). */
export function documentStateOn(
  state: InsuredPersonState,
  document: IssuedDocument,
  on: CalendarDate,
  policy: LedgerPolicy,
): DocumentState | undefined {
  if (on < document.issuedOn) return undefined;
  const until = lastValidDay(state, document, policy);
  // Run out before anything else ended it, it stays expired: a return or a report after that changes no state.
  const ranOutFirst = until !== undefined && (document.end === undefined || until < document.end.on);
  if (ranOutFirst && on > until) return 'expired';
  if (document.end && document.end.on <= on) return document.end.how;
  if (document.validFrom <= on) return 'valid';
  return document.deliveredOn !== undefined && document.deliveredOn <= on ? 'delivered' : 'issued';
}

/** Every document the person had been issued by the date, with its state then, and what is due but not issued. */
export function documentsOn(
  state: InsuredPersonState,
  on: CalendarDate,
  policy: LedgerPolicy,
): { readonly documents: DocumentView[]; readonly pending: PendingIssuance[] } {
  const documents = [...state.documents.values()].flatMap((document) => {
    const documentState = documentStateOn(state, document, on, policy);
    if (!documentState) return [];
    const validUntil = lastValidDay(state, document, policy);
    return [
      {
        documentId: document.documentId,
        documentType: document.documentType,
        state: documentState,
        issuedOn: document.issuedOn,
        validFrom: document.validFrom,
        ...(validUntil !== undefined && { validUntil }),
        occasion: document.occasion,
        delivery: document.delivery,
        ...(document.end?.reason !== undefined && document.end.on <= on && { endedBecause: document.end.reason }),
        ...(byThen(document.deliveredOn, on) && { deliveredOn: document.deliveredOn }),
        ...(byThen(document.reportedLostOn, on) && { reportedLostOn: document.reportedLostOn }),
        ...(byThen(document.returnedOn, on) && { returnedOn: document.returnedOn }),
      },
    ];
  });
  // A certificate put off to the bulk renewal (R21) is pending issuance from the cancellation on.
  const owed = documentsOwed(state, on, policy).filter(
    (obligation) => obligation.dueOn <= on || (obligation.deferred === true && on >= policy.cutover),
  );
  const pending = owed.map((obligation) => ({
    ...obligation,
    state: 'pending-issuance' as const,
  }));
  return { documents, pending };
}
