import { type InsuredPersonCommandType } from '@ledger/domain';
import { type GeneratedCommand } from './generate-histories';

/** The names commands carry in the API's NDJSON batch format (one per endpoint). */
export const batchCommandNames: Readonly<Record<InsuredPersonCommandType, string>> = {
  AcquireQualification: 'enrolment',
  CorrectQualificationAcquired: 'enrolment-correction',
  LoseQualification: 'withdrawal',
  CorrectQualificationLost: 'withdrawal-correction',
  ChangeQualificationDetails: 'details-change',
  RegisterCard: 'card-registration',
  RequestRegistrationCancellation: 'registration-cancellation-request',
  CancelRegistration: 'registration-cancellation',
  FileViewingRestriction: 'viewing-restriction',
  LiftViewingRestriction: 'viewing-restriction-lift',
  RecognizeCareNeeds: 'care-needs',
  EndCareNeeds: 'care-needs-end',
  IssueDocument: 'documents',
  DeliverDocument: 'document-delivery',
  ReturnDocument: 'document-return',
  ReportDocumentLost: 'document-loss',
  RevokeDocument: 'document-revocation',
  RecordEligibilityCheck: 'eligibility-check',
};

/** One NDJSON line of the batch format: `{ command, insurerNumber, personId, idempotencyKey, ...body }`. */
export function toBatchLine(
  { insurerNumber, personId, command }: Omit<GeneratedCommand, 'events'>,
  idempotencyKey: string,
): string {
  return JSON.stringify({
    command: batchCommandNames[command.type],
    insurerNumber,
    personId,
    idempotencyKey,
    ...command.data,
  });
}
