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

const personStream = /^insured-(\d{6}|\d{8})-([A-Za-z0-9_-]{1,64})$/;

/** Each projection parses every event's stream, and a person's events mostly come together. */
let last: { stream?: string; person?: { readonly insurerNumber: string; readonly personId: string } } = {};

/** The insurer and person a stream `insured-<insurerNumber>-<personId>` belongs to. */
export function parsePersonStream(
  stream: string,
): { readonly insurerNumber: string; readonly personId: string } | undefined {
  if (stream === last.stream) return last.person;
  const match = personStream.exec(stream);
  const person = match ? { insurerNumber: match[1]!, personId: match[2]! } : undefined;
  last = { stream, person };
  return person;
}
