import {
  type DocumentId,
  type InsuredPersonCommand,
  type InsuredPersonCommandType,
  insuredPersonStream,
  type InsurerNumber,
  type PersonId,
} from '@ledger/domain';
import { documentIdFor } from '../idempotency';
import {
  DocumentDeliveryBody,
  DocumentIssueBody,
  DocumentLossBody,
  DocumentReturnBody,
  DocumentRevocationBody,
  EligibilityCheckBody,
} from './document.bodies';
import {
  CareNeedsEndBody,
  CareNeedsRecognitionBody,
  ViewingRestrictionFilingBody,
  ViewingRestrictionLiftBody,
} from './protection.bodies';
import {
  DetailsChangeBody,
  EnrolmentBody,
  EnrolmentCorrectionBody,
  WithdrawalBody,
  WithdrawalCorrectionBody,
} from './qualification.bodies';
import {
  CardRegistrationBody,
  RegistrationCancellationBody,
  RegistrationCancellationRequestBody,
} from './registration.bodies';

/** Where a command goes: the person, and the document for a document's lifecycle. */
export interface CommandTarget {
  readonly insurerNumber: InsurerNumber;
  readonly personId: PersonId;
  readonly idempotencyKey: string;
  readonly documentId?: DocumentId;
}

interface Entry {
  readonly body: new () => object;
  readonly type: InsuredPersonCommandType;
  /** True for a document's lifecycle: the document is named by the path or the line, not the body. */
  readonly ofDocument?: boolean;
  /**
   * True for an access record (R40): the ledger writes it itself when a clinic checks eligibility
   * (POST /v1/eligibility-checks), so no API batch may write one; only an operator's `ledger import`
   * takes it, to carry over access records kept by a system the ledger replaces.
   */
  readonly accessRecord?: boolean;
  readonly toData: (body: Record<string, unknown>, target: CommandTarget) => Record<string, unknown>;
}

const asIs = (body: Record<string, unknown>) => body;
const ofDocument = (body: Record<string, unknown>, { documentId }: CommandTarget) => ({ documentId, ...body });

/**
 * Every command by its name in the API (the path segment) and in NDJSON batches, the body it takes
 * and how it becomes the domain's command. HTTP, batch and the CLI import all go through here.
 */
export const commandCatalogue = {
  enrolment: {
    body: EnrolmentBody,
    type: 'AcquireQualification',
    toData: (body, { insurerNumber }) => ({ insurerNumber, ...body }),
  },
  'enrolment-correction': { body: EnrolmentCorrectionBody, type: 'CorrectQualificationAcquired', toData: asIs },
  withdrawal: { body: WithdrawalBody, type: 'LoseQualification', toData: asIs },
  'withdrawal-correction': { body: WithdrawalCorrectionBody, type: 'CorrectQualificationLost', toData: asIs },
  'details-change': { body: DetailsChangeBody, type: 'ChangeQualificationDetails', toData: asIs },
  'card-registration': { body: CardRegistrationBody, type: 'RegisterCard', toData: asIs },
  'registration-cancellation-request': {
    body: RegistrationCancellationRequestBody,
    type: 'RequestRegistrationCancellation',
    toData: asIs,
  },
  'registration-cancellation': { body: RegistrationCancellationBody, type: 'CancelRegistration', toData: asIs },
  'viewing-restriction': {
    body: ViewingRestrictionFilingBody,
    type: 'FileViewingRestriction',
    toData: (body, { insurerNumber }) => ({ filedWith: insurerNumber, ...body }),
  },
  'viewing-restriction-lift': { body: ViewingRestrictionLiftBody, type: 'LiftViewingRestriction', toData: asIs },
  'care-needs': { body: CareNeedsRecognitionBody, type: 'RecognizeCareNeeds', toData: asIs },
  'care-needs-end': { body: CareNeedsEndBody, type: 'EndCareNeeds', toData: asIs },
  documents: {
    body: DocumentIssueBody,
    type: 'IssueDocument',
    toData: (body, { insurerNumber, personId, idempotencyKey }) => ({
      documentId: documentIdFor(insuredPersonStream(insurerNumber, personId), idempotencyKey),
      ...body,
    }),
  },
  'document-delivery': { body: DocumentDeliveryBody, type: 'DeliverDocument', ofDocument: true, toData: ofDocument },
  'document-return': { body: DocumentReturnBody, type: 'ReturnDocument', ofDocument: true, toData: ofDocument },
  'document-loss': { body: DocumentLossBody, type: 'ReportDocumentLost', ofDocument: true, toData: ofDocument },
  'document-revocation': {
    body: DocumentRevocationBody,
    type: 'RevokeDocument',
    ofDocument: true,
    toData: ofDocument,
  },
  'eligibility-check': {
    body: EligibilityCheckBody,
    type: 'RecordEligibilityCheck',
    accessRecord: true,
    toData: asIs,
  },
} as const satisfies Record<string, Entry>;

export type CommandName = keyof typeof commandCatalogue;

export const commandNames = Object.keys(commandCatalogue) as CommandName[];

export const isCommandName = (name: unknown): name is CommandName =>
  typeof name === 'string' && Object.hasOwn(commandCatalogue, name);

/** An access record (R40), written by the ledger itself: see `Entry.accessRecord`. */
export const isAccessRecord = (name: CommandName): boolean => 'accessRecord' in commandCatalogue[name];

/**
 * A body `parseCommandBody` validated as the domain's command. That body holds only the fields sent
 * (a null is refused, an absent field left out), so a repeat of a request hashes the same.
 */
export function toCommand(
  name: CommandName,
  body: Readonly<Record<string, unknown>>,
  target: CommandTarget,
): InsuredPersonCommand {
  const entry: Entry = commandCatalogue[name];
  return { type: entry.type, data: entry.toData(body, target) } as InsuredPersonCommand;
}
