import { type CalendarDate } from '../calendar';
import {
  isMyNumberKey,
  type BranchNumber,
  type DocumentId,
  type EventId,
  type InsuredNumber,
  type InsuredSymbol,
  type InsurerNumber,
  type MedicalInstitutionCode,
} from '../identifiers';

/** Every event names its schema version so that a later shape can be upcast from an older one. */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly schemaVersion: 1;
  readonly data: Data;
  /** The store's id of an event read back from it, or planned for it: a correction names the event it corrects by it. */
  readonly id?: EventId;
}

export type Relationship = 'insured' | 'dependant';
export type BurdenRatio = 10 | 20 | 30;
export type Sex = 'male' | 'female';
export type LossReason = 'death' | 'welfare-started' | 'other-insurance' | 'moved-out' | 'age-75' | 'other';
export type RegistrationChannel = 'portal' | 'card-reader' | 'atm' | 'municipal-counter';
export type CancellationApplicant = 'self' | 'household-member' | 'agent';
export type RestrictionScope = 'non-disclosure' | 'no-self-information';
export type CareNeedsCategory =
  'facility' | 'disability' | 'long-term-care' | 'companion-needed' | 'guardian' | 'other';
export type DocumentType =
  | 'eligibility-certificate'
  | 'qualification-notice'
  | 'legacy-card'
  | 'limit-certificate'
  | 'specified-disease-certificate'
  | 'elderly-recipient-certificate';
export type Delivery = 'counter' | 'mail-to-person' | 'mail-to-head-of-household';
export type IssueOccasion =
  | 'acquisition'
  | 'renewal'
  | 'cancellation'
  | 'care-needs'
  | 'restriction'
  | 'loss'
  | 'ratio-change'
  | 'details-change'
  | 'application';
export type RevocationReason =
  'qualification-lost' | 'details-changed' | 'superseded' | 'reported-lost' | 'card-working';
export type EligibilityMethod = 'card' | 'numbers';
/** The national system's answer codes (DOMAIN.md §7): 1 valid ... 5 several match. */
export type EligibilityValidity = 1 | 2 | 3 | 4 | 5;

/** What a document prints about the person; a change of any of them on or after the cutover stops a legacy card (R12). */
export interface PrintedDetails {
  readonly symbol?: InsuredSymbol;
  readonly number: InsuredNumber;
  readonly branch?: BranchNumber;
  readonly name: string;
  readonly nameKana?: string;
  readonly address?: string;
  readonly householdId?: string;
  readonly burdenRatio: BurdenRatio;
}

export type CarriedRegistration = 'registered' | 'cancellation-pending' | 'cancelled';

export interface QualificationAcquiredData extends PrintedDetails {
  readonly insurerNumber: InsurerNumber;
  readonly relationship: Relationship;
  readonly acquiredOn: CalendarDate;
  readonly birthDate: CalendarDate;
  readonly sex?: Sex;
  /**
   * The card registration the previous insurer (or the national system) reported: a pending
   * cancellation moves with the person (R37), and one completed elsewhere ends a pending state a
   * person who comes back left here (R35, R36).
   */
  readonly carriedRegistration?: CarriedRegistration;
}

export type QualificationAcquired = DomainEvent<'QualificationAcquired', QualificationAcquiredData>;
/**
 * The enrolment as it should have been recorded (a wrong birth date, acquisition date or number):
 * its data replaces the data of the `QualificationAcquired` it names, which stays in the log
 * unchanged (R41). The insurer and the registration carried from elsewhere are the enrolment's own.
 */
export type QualificationAcquiredCorrected = DomainEvent<
  'QualificationAcquiredCorrected',
  QualificationAcquiredData & { readonly correctedEventId: EventId }
>;
export type QualificationLost = DomainEvent<
  'QualificationLost',
  { readonly lostOn: CalendarDate; readonly reason: LossReason }
>;
/**
 * The withdrawal as it should have been recorded (a wrong loss date or reason): its data replaces the
 * data of the `QualificationLost` it names, which stays in the log unchanged (R41).
 */
export type QualificationLostCorrected = DomainEvent<
  'QualificationLostCorrected',
  QualificationLost['data'] & { readonly correctedEventId: EventId }
>;
export type QualificationDetailsChanged = DomainEvent<
  'QualificationDetailsChanged',
  { readonly effectiveOn: CalendarDate } & Partial<PrintedDetails>
>;
/**
 * A change of details that finds every reported detail in force on its date already: nothing changes,
 * but the report and its Idempotency-Key are on record, so a retry gets the first answer (ADR 0005).
 */
export type QualificationDetailsConfirmed = DomainEvent<
  'QualificationDetailsConfirmed',
  { readonly effectiveOn: CalendarDate }
>;
export type CardRegistered = DomainEvent<
  'CardRegistered',
  { readonly registeredOn: CalendarDate; readonly channel: RegistrationChannel }
>;
export type RegistrationCancellationRequested = DomainEvent<
  'RegistrationCancellationRequested',
  {
    readonly requestedOn: CalendarDate;
    readonly applicant: CancellationApplicant;
    readonly identityDocumentChecked: boolean;
    readonly powerOfAttorney: boolean;
  }
>;
export type RegistrationCancelled = DomainEvent<'RegistrationCancelled', { readonly effectiveOn: CalendarDate }>;
export type ViewingRestrictionFiled = DomainEvent<
  'ViewingRestrictionFiled',
  { readonly filedOn: CalendarDate; readonly scope: RestrictionScope }
>;
export type ViewingRestrictionLifted = DomainEvent<
  'ViewingRestrictionLifted',
  { readonly liftedOn: CalendarDate; readonly scope: RestrictionScope }
>;
export type CareNeedsRecognized = DomainEvent<
  'CareNeedsRecognized',
  { readonly recognizedOn: CalendarDate; readonly category: CareNeedsCategory }
>;
export type CareNeedsEnded = DomainEvent<
  'CareNeedsEnded',
  { readonly endedOn: CalendarDate; readonly category: CareNeedsCategory }
>;

export interface DocumentIssuedData {
  readonly documentId: DocumentId;
  readonly documentType: DocumentType;
  readonly issuedOn: CalendarDate;
  readonly validFrom: CalendarDate;
  readonly validUntil?: CalendarDate;
  readonly delivery: Delivery;
  readonly occasion: IssueOccasion;
  /** Who applied, where an application led to the issue: on whose behalf (R40), and how it is handed over (R25). */
  readonly applicant?: CancellationApplicant;
}

export type DocumentIssued = DomainEvent<'DocumentIssued', DocumentIssuedData>;
export type DocumentDelivered = DomainEvent<
  'DocumentDelivered',
  { readonly documentId: DocumentId; readonly deliveredOn: CalendarDate }
>;
export type DocumentReturned = DomainEvent<
  'DocumentReturned',
  { readonly documentId: DocumentId; readonly returnedOn: CalendarDate }
>;
export type DocumentReportedLost = DomainEvent<
  'DocumentReportedLost',
  { readonly documentId: DocumentId; readonly reportedOn: CalendarDate }
>;
export type DocumentRevoked = DomainEvent<
  'DocumentRevoked',
  { readonly documentId: DocumentId; readonly revokedOn: CalendarDate; readonly reason: RevocationReason }
>;
export type EligibilityChecked = DomainEvent<
  'EligibilityChecked',
  {
    readonly medicalInstitutionCode: MedicalInstitutionCode;
    readonly confirmationDate: CalendarDate;
    readonly method: EligibilityMethod;
    readonly validity: EligibilityValidity;
    /** The insurer asked about, on a check kept in the clinic's stream because it found nobody under the numbers. */
    readonly insurerNumber?: InsurerNumber;
  }
>;

export type PersonView = 'qualification' | 'documents' | 'document' | 'audit-trail';

/** A staff member read the person's record through the API (R40): who is in the event's metadata. */
export type PersonLookedUp = DomainEvent<
  'PersonLookedUp',
  { readonly lookedUpOn: CalendarDate; readonly view: PersonView }
>;

/** The facts of one person's stream at one insurer; all the person's documents live in it too. */
export type InsuredPersonEvent =
  | QualificationAcquired
  | QualificationAcquiredCorrected
  | QualificationLost
  | QualificationLostCorrected
  | QualificationDetailsChanged
  | QualificationDetailsConfirmed
  | CardRegistered
  | RegistrationCancellationRequested
  | RegistrationCancelled
  | ViewingRestrictionFiled
  | ViewingRestrictionLifted
  | CareNeedsRecognized
  | CareNeedsEnded
  | DocumentIssued
  | DocumentDelivered
  | DocumentReturned
  | DocumentReportedLost
  | DocumentRevoked
  | EligibilityChecked
  | PersonLookedUp;

export type InsuredPersonEventType = InsuredPersonEvent['type'];

/** Records of a read of the person's record (R40): they change nothing that a rule decides on. */
export const accessRecordTypes: ReadonlySet<string> = new Set<InsuredPersonEventType>([
  'EligibilityChecked',
  'PersonLookedUp',
]);

/** Events after which the person's state is what it was before: access records and confirmed details. */
export const stateKeepingTypes: ReadonlySet<string> = new Set<InsuredPersonEventType>([
  ...(accessRecordTypes as ReadonlySet<InsuredPersonEventType>),
  'QualificationDetailsConfirmed',
]);

export type EventOfType<T extends InsuredPersonEventType> = Extract<InsuredPersonEvent, { type: T }>;

export const event = <T extends InsuredPersonEventType>(type: T, data: EventOfType<T>['data']): EventOfType<T> =>
  ({ type, schemaVersion: 1, data }) as EventOfType<T>;

/**
 * An event of a person's stream as a store gives it back: its type and data as they were decided.
 * Schema version 1 is the only one so far; an upcaster of older versions would start here. A My
 * Number another writer put in the data is left out here, so that no state folded from the log,
 * and so no read model or answer built on one, ever holds it (§3.3).
 */
export const storedEvent = (stored: {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}): InsuredPersonEvent =>
  ({
    type: stored.type,
    schemaVersion: 1,
    data: withoutMyNumberFields(stored.data),
    // Every store refuses an event whose id is not a UUID; the ledger writes them in lower case.
    id: stored.id as EventId,
  }) as InsuredPersonEvent;

/**
 * Event data is flat: a copy without its My Number fields, or the data itself when it has none, so
 * the fold's hot path copies nothing (the deep `withoutMyNumber` of reads always copies).
 */
function withoutMyNumberFields(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  let kept: Record<string, unknown> | undefined;
  for (const key in data) {
    if (!isMyNumberKey(key)) continue;
    kept ??= { ...(data as Record<string, unknown>) };
    delete kept[key];
  }
  return kept ?? data;
}
