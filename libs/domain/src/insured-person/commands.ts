import { type InsurerNumber } from '../identifiers';
import {
  type CardRegistered,
  type CareNeedsEnded,
  type CareNeedsRecognized,
  type DocumentDelivered,
  type DocumentIssuedData,
  type DocumentReportedLost,
  type DocumentReturned,
  type DocumentRevoked,
  type EligibilityChecked,
  type QualificationAcquired,
  type QualificationAcquiredCorrected,
  type QualificationDetailsChanged,
  type QualificationLost,
  type QualificationLostCorrected,
  type RegistrationCancellationRequested,
  type RegistrationCancelled,
  type ViewingRestrictionFiled,
  type ViewingRestrictionLifted,
} from './events';

export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type AcquireQualification = Command<'AcquireQualification', QualificationAcquired['data']>;
/** The enrolment the correction replaces is named by its event id; its insurer and carried registration stay. */
export type CorrectQualificationAcquired = Command<
  'CorrectQualificationAcquired',
  Omit<QualificationAcquiredCorrected['data'], 'insurerNumber' | 'carriedRegistration'>
>;
export type LoseQualification = Command<'LoseQualification', QualificationLost['data']>;
/** The withdrawal the correction replaces is named by its event id. */
export type CorrectQualificationLost = Command<'CorrectQualificationLost', QualificationLostCorrected['data']>;
export type ChangeQualificationDetails = Command<'ChangeQualificationDetails', QualificationDetailsChanged['data']>;
export type RegisterCard = Command<'RegisterCard', CardRegistered['data']>;
export type RequestRegistrationCancellation = Command<
  'RequestRegistrationCancellation',
  RegistrationCancellationRequested['data']
>;
export type CancelRegistration = Command<'CancelRegistration', RegistrationCancelled['data']>;
export type FileViewingRestriction = Command<
  'FileViewingRestriction',
  ViewingRestrictionFiled['data'] & {
    /** The insurer the notification was filed with: a restriction filed elsewhere does not carry over (R32). */
    readonly filedWith: InsurerNumber;
  }
>;
export type LiftViewingRestriction = Command<'LiftViewingRestriction', ViewingRestrictionLifted['data']>;
export type RecognizeCareNeeds = Command<'RecognizeCareNeeds', CareNeedsRecognized['data']>;
export type EndCareNeeds = Command<'EndCareNeeds', CareNeedsEnded['data']>;
export type IssueDocument = Command<'IssueDocument', DocumentIssuedData>;
export type DeliverDocument = Command<'DeliverDocument', DocumentDelivered['data']>;
export type ReturnDocument = Command<'ReturnDocument', DocumentReturned['data']>;
export type ReportDocumentLost = Command<'ReportDocumentLost', DocumentReportedLost['data']>;
export type RevokeDocument = Command<'RevokeDocument', DocumentRevoked['data']>;
export type RecordEligibilityCheck = Command<'RecordEligibilityCheck', EligibilityChecked['data']>;

export type InsuredPersonCommand =
  | AcquireQualification
  | CorrectQualificationAcquired
  | LoseQualification
  | CorrectQualificationLost
  | ChangeQualificationDetails
  | RegisterCard
  | RequestRegistrationCancellation
  | CancelRegistration
  | FileViewingRestriction
  | LiftViewingRestriction
  | RecognizeCareNeeds
  | EndCareNeeds
  | IssueDocument
  | DeliverDocument
  | ReturnDocument
  | ReportDocumentLost
  | RevokeDocument
  | RecordEligibilityCheck;

export type InsuredPersonCommandType = InsuredPersonCommand['type'];
