import { type CalendarDate } from '../calendar';
import { type DocumentId, type EventId } from '../identifiers';
import { withCorrectedEnrolment, withCorrectedLoss } from './corrected-periods';
import { type DetailsChange, detailsWithChanges, periodOn } from './details-on';
import { withEnd } from './document-ends';
import {
  type CancellationApplicant,
  type CareNeedsCategory,
  type CarriedRegistration,
  type DocumentIssuedData,
  type InsuredPersonEvent,
  type LossReason,
  type QualificationAcquiredData,
  type QualificationDetailsChanged,
  type RegistrationChannel,
  type RestrictionScope,
  type RevocationReason,
} from './events';

export interface CoveragePeriod {
  readonly acquiredOn: CalendarDate;
  /** The id of the `QualificationAcquired` that began the period, where the event came from a store: corrections name it. */
  readonly enrolmentEventId?: EventId;
  /** First day without coverage (R2); absent while covered. */
  readonly lostOn?: CalendarDate;
  /** Why the period ended, and the id of the `QualificationLost` that ended it, which corrections name. */
  readonly lossReason?: LossReason;
  readonly lossEventId?: EventId;
  /** The details as this enrolment reported them, or as corrected, before any change: valid-time answers start here (R42). */
  readonly enrolmentDetails: QualificationAcquiredData;
  /** Changes of printed details effective in this period, as recorded: late reports included. */
  readonly detailsChanges: readonly DetailsChange[];
}

export type Registration =
  | { readonly state: 'none' }
  | { readonly state: 'registered'; readonly registeredOn?: CalendarDate; readonly channel?: RegistrationChannel }
  | { readonly state: 'cancellation-pending'; readonly requestedOn?: CalendarDate; readonly carried: boolean }
  | { readonly state: 'cancelled'; readonly effectiveOn: CalendarDate };

export interface RegistrationChange {
  readonly from: CalendarDate;
  readonly state: Registration['state'];
  /** A cancellation pending at the previous insurer when the person enrolled here (R37). */
  readonly carried?: true;
  /** Who asked for a cancellation: an agent's gets its certificate by mail, not the same day (R25). */
  readonly applicant?: CancellationApplicant;
}

export interface RestrictionPeriod {
  readonly filedOn: CalendarDate;
  /** First day without the restriction; absent while it is in force. */
  readonly liftedOn?: CalendarDate;
}

export interface CareNeedsPeriod {
  readonly recognizedOn: CalendarDate;
  /** First day without them; absent while they last. */
  readonly endedOn?: CalendarDate;
}

export interface DocumentEnd {
  readonly how: 'revoked' | 'superseded' | 'returned' | 'reported-lost';
  readonly on: CalendarDate;
  readonly reason?: RevocationReason;
}

export interface IssuedDocument extends DocumentIssuedData {
  readonly deliveredOn?: CalendarDate;
  readonly returnedOn?: CalendarDate;
  /** Reported lost (R24), whatever else ended the document, before or after. */
  readonly reportedLostOn?: CalendarDate;
  /** What ended the document first by date; a revoked card that comes back later keeps `revoked`. */
  readonly end?: DocumentEnd;
  /** Every end reported, as recorded: a corrected loss moves its own and the earliest of the others may then come first. */
  readonly ends?: readonly DocumentEnd[];
}

export interface InsuredPersonState {
  readonly status: 'not-enrolled' | 'qualified' | 'lost';
  /** The details of the current qualification as last reported, or of the last one once lost. */
  readonly qualification?: QualificationAcquiredData;
  /** Each enrolment with its own details: a date is answered from the period it falls in (R42). */
  readonly periods: readonly CoveragePeriod[];
  readonly registration: Registration;
  /** Each registration state and the day it began, as recorded: answers for past dates (R35, R42). */
  readonly registrationHistory: readonly RegistrationChange[];
  /** The restriction in force now, if any. */
  readonly viewingRestriction?: { readonly filedOn: CalendarDate; readonly scope: RestrictionScope };
  /** Every restriction ever filed and when it was lifted: answers for past dates once lifted (R30, R42). */
  readonly restrictionPeriods: readonly RestrictionPeriod[];
  /** The care needs recognized now, if any. */
  readonly careNeeds?: { readonly recognizedOn: CalendarDate; readonly category: CareNeedsCategory };
  /** Every recognition and when it ended: answers for past dates once ended (R22, R42). */
  readonly careNeedsPeriods: readonly CareNeedsPeriod[];
  readonly documents: ReadonlyMap<DocumentId, IssuedDocument>;
}

/**
 * Every property is listed, the optional ones as `undefined`, in the order `evolve` writes them: each
 * state then shares one shape with the next, and folding a stream stays on V8's fast path (a state
 * that gained properties one spread at a time made each step many times slower).
 */
export const initialState: InsuredPersonState = {
  status: 'not-enrolled',
  qualification: undefined,
  periods: [],
  registration: { state: 'none' },
  registrationHistory: [],
  viewingRestriction: undefined,
  restrictionPeriods: [],
  careNeeds: undefined,
  careNeedsPeriods: [],
  documents: new Map(),
};

/** The registration an enrolment brings with it, as of the enrolment (R37). */
function carried(registration: CarriedRegistration, acquiredOn: CalendarDate): Registration {
  switch (registration) {
    case 'registered':
      return { state: 'registered' };
    case 'cancellation-pending':
      return { state: 'cancellation-pending', carried: true };
    case 'cancelled':
      return { state: 'cancelled', effectiveOn: acquiredOn };
  }
}

export function evolve(state: InsuredPersonState, event: InsuredPersonEvent): InsuredPersonState {
  switch (event.type) {
    case 'QualificationAcquired': {
      const { carriedRegistration, acquiredOn } = event.data;
      return {
        ...state,
        status: 'qualified',
        qualification: event.data,
        periods: [
          ...state.periods,
          { acquiredOn, enrolmentEventId: event.id, enrolmentDetails: event.data, detailsChanges: [] },
        ],
        registration: carriedRegistration ? carried(carriedRegistration, acquiredOn) : state.registration,
        registrationHistory: carriedRegistration
          ? [
              ...state.registrationHistory,
              {
                from: acquiredOn,
                state: carriedRegistration,
                ...(carriedRegistration === 'cancellation-pending' && { carried: true as const }),
              },
            ]
          : state.registrationHistory,
      };
    }
    case 'QualificationAcquiredCorrected':
      return withCorrectedEnrolment(state, event.data);
    case 'QualificationLost':
      return {
        ...state,
        status: 'lost',
        periods: state.periods.map((period, index) =>
          index === state.periods.length - 1
            ? { ...period, lostOn: event.data.lostOn, lossReason: event.data.reason, lossEventId: event.id }
            : period,
        ),
      };
    case 'QualificationLostCorrected':
      return withCorrectedLoss(state, event.data);
    case 'QualificationDetailsChanged':
      return withDetailsChange(state, event.data);
    case 'CardRegistered':
      return {
        ...state,
        registration: { state: 'registered', ...event.data },
        registrationHistory: [...state.registrationHistory, { from: event.data.registeredOn, state: 'registered' }],
      };
    case 'RegistrationCancellationRequested':
      return {
        ...state,
        registration: { state: 'cancellation-pending', requestedOn: event.data.requestedOn, carried: false },
        registrationHistory: [
          ...state.registrationHistory,
          { from: event.data.requestedOn, state: 'cancellation-pending', applicant: event.data.applicant },
        ],
      };
    case 'RegistrationCancelled':
      return {
        ...state,
        registration: { state: 'cancelled', effectiveOn: event.data.effectiveOn },
        registrationHistory: [...state.registrationHistory, { from: event.data.effectiveOn, state: 'cancelled' }],
      };
    case 'ViewingRestrictionFiled':
      return {
        ...state,
        viewingRestriction: event.data,
        restrictionPeriods: [...state.restrictionPeriods, { filedOn: event.data.filedOn }],
      };
    case 'ViewingRestrictionLifted':
      return {
        ...state,
        viewingRestriction: undefined,
        restrictionPeriods: state.restrictionPeriods.map((period, index) =>
          index === state.restrictionPeriods.length - 1 ? { ...period, liftedOn: event.data.liftedOn } : period,
        ),
      };
    case 'CareNeedsRecognized':
      return {
        ...state,
        careNeeds: event.data,
        careNeedsPeriods: [...state.careNeedsPeriods, { recognizedOn: event.data.recognizedOn }],
      };
    case 'CareNeedsEnded':
      return {
        ...state,
        careNeeds: undefined,
        careNeedsPeriods: state.careNeedsPeriods.map((period, index) =>
          index === state.careNeedsPeriods.length - 1 ? { ...period, endedOn: event.data.endedOn } : period,
        ),
      };
    case 'DocumentIssued':
      return withDocument(state, { ...event.data });
    case 'DocumentDelivered':
      return updateDocument(state, event.data.documentId, () => ({ deliveredOn: event.data.deliveredOn }));
    case 'DocumentReturned':
      return updateDocument(state, event.data.documentId, (document) => ({
        returnedOn: event.data.returnedOn,
        ...withEnd(document, { how: 'returned', on: event.data.returnedOn }),
      }));
    case 'DocumentReportedLost':
      return updateDocument(state, event.data.documentId, (document) => ({
        reportedLostOn: event.data.reportedOn,
        ...withEnd(document, { how: 'reported-lost', on: event.data.reportedOn }),
      }));
    case 'DocumentRevoked': {
      const { revokedOn, reason } = event.data;
      return updateDocument(state, event.data.documentId, (document) =>
        withEnd(document, { how: reason === 'superseded' ? 'superseded' : 'revoked', on: revokedOn, reason }),
      );
    }
    case 'QualificationDetailsConfirmed':
    case 'EligibilityChecked':
    case 'PersonLookedUp':
      return state;
  }
}

/**
 * A change belongs to the period its effective date falls in: a late report for an earlier
 * enrolment changes that enrolment's details, not the current ones (R42).
 */
function withDetailsChange(
  state: InsuredPersonState,
  { effectiveOn, ...changed }: QualificationDetailsChanged['data'],
): InsuredPersonState {
  const changedPeriod = periodOn(state.periods, effectiveOn);
  if (!changedPeriod) return state;
  const periods = state.periods.map((period) =>
    period === changedPeriod
      ? { ...period, detailsChanges: [...period.detailsChanges, { effectiveOn, changed }] }
      : period,
  );
  if (changedPeriod !== state.periods.at(-1)) return { ...state, periods };
  const current = periods.at(-1)!;
  return {
    ...state,
    qualification: detailsWithChanges(current.enrolmentDetails, current.detailsChanges),
    periods,
  };
}

function withDocument(state: InsuredPersonState, document: IssuedDocument): InsuredPersonState {
  return { ...state, documents: new Map(state.documents).set(document.documentId, document) };
}

function updateDocument(
  state: InsuredPersonState,
  documentId: DocumentId,
  change: (document: IssuedDocument) => Partial<IssuedDocument>,
): InsuredPersonState {
  const document = state.documents.get(documentId);
  return document ? withDocument(state, { ...document, ...change(document) }) : state;
}
