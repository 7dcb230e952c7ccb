import { type InsuredPersonEventType } from '@ledger/domain';

/** Listed as a record's keys, so that an event type added to the domain cannot be left out. */
const everyPersonEventType: Readonly<Record<InsuredPersonEventType, true>> = {
  QualificationAcquired: true,
  QualificationAcquiredCorrected: true,
  QualificationLost: true,
  QualificationLostCorrected: true,
  QualificationDetailsChanged: true,
  QualificationDetailsConfirmed: true,
  CardRegistered: true,
  RegistrationCancellationRequested: true,
  RegistrationCancelled: true,
  ViewingRestrictionFiled: true,
  ViewingRestrictionLifted: true,
  CareNeedsRecognized: true,
  CareNeedsEnded: true,
  DocumentIssued: true,
  DocumentDelivered: true,
  DocumentReturned: true,
  DocumentReportedLost: true,
  DocumentRevoked: true,
  EligibilityChecked: true,
  PersonLookedUp: true,
};

/** Every event type of a person's stream: the read models of persons read these. */
export const personEventTypes: ReadonlySet<string> = new Set(Object.keys(everyPersonEventType));
