import { type InsuredPersonEventType } from '@ledger/domain';

/** Every event type of a person's stream: the read models of persons read these. */
export const personEventTypes: ReadonlySet<string> = new Set<InsuredPersonEventType>([
  'QualificationAcquired',
  'QualificationLost',
  'QualificationDetailsChanged',
  'QualificationDetailsConfirmed',
  'CardRegistered',
  'RegistrationCancellationRequested',
  'RegistrationCancelled',
  'ViewingRestrictionFiled',
  'ViewingRestrictionLifted',
  'CareNeedsRecognized',
  'CareNeedsEnded',
  'DocumentIssued',
  'DocumentDelivered',
  'DocumentReturned',
  'DocumentReportedLost',
  'DocumentRevoked',
  'EligibilityChecked',
  'PersonLookedUp',
]);
