import {
  type CalendarDate,
  type CancellationApplicant,
  type Delivery,
  type DocumentId,
  type DocumentType,
  type EligibilityMethod,
  type EligibilityValidity,
  type IssueOccasion,
  type MedicalInstitutionCode,
  parseDocumentId,
  parseMedicalInstitutionCode,
  type RevocationReason,
} from '@ledger/domain';
import { IsCalendarDate, IsDayDone, OneOf, Optional } from './fields';
import { Satisfies } from './satisfies';

/** Any certificate issuance: DocumentIssued. Without a documentId the ledger numbers the document. */
export class DocumentIssueBody {
  @Optional() @Satisfies(parseDocumentId) readonly documentId?: DocumentId;
  @OneOf([
    'eligibility-certificate',
    'qualification-notice',
    'legacy-card',
    'limit-certificate',
    'specified-disease-certificate',
    'elderly-recipient-certificate',
  ])
  readonly documentType!: DocumentType;
  @IsDayDone() readonly issuedOn!: CalendarDate;
  @IsCalendarDate() readonly validFrom!: CalendarDate;
  @Optional() @IsCalendarDate() readonly validUntil?: CalendarDate;
  @OneOf(['counter', 'mail-to-person', 'mail-to-head-of-household']) readonly delivery!: Delivery;
  @OneOf([
    'acquisition',
    'renewal',
    'cancellation',
    'care-needs',
    'restriction',
    'loss',
    'ratio-change',
    'details-change',
    'application',
  ])
  readonly occasion!: IssueOccasion;
  /**
   * Who applied, when an application led to the issue (R40). A certificate for a cancellation was
   * applied for with it: without one, it names whoever asked for the cancellation, and an agent's is
   * mailed to the head of household, not handed over that day (R25).
   */
  @Optional() @OneOf(['self', 'household-member', 'agent']) readonly applicant?: CancellationApplicant;
}

export class DocumentDeliveryBody {
  @IsDayDone() readonly deliveredOn!: CalendarDate;
}

export class DocumentReturnBody {
  @IsDayDone() readonly returnedOn!: CalendarDate;
}

export class DocumentLossBody {
  @IsDayDone() readonly reportedOn!: CalendarDate;
}

export class DocumentRevocationBody {
  @IsCalendarDate() readonly revokedOn!: CalendarDate;
  @OneOf(['qualification-lost', 'details-changed', 'superseded', 'reported-lost', 'card-working'])
  readonly reason!: RevocationReason;
}

/** An access record imported in a batch (R40); clinics' live checks go through /v1/eligibility-checks. */
export class EligibilityCheckBody {
  @Satisfies(parseMedicalInstitutionCode) readonly medicalInstitutionCode!: MedicalInstitutionCode;
  @IsCalendarDate() readonly confirmationDate!: CalendarDate;
  @OneOf(['card', 'numbers']) readonly method!: EligibilityMethod;
  @OneOf([1, 2, 3, 4, 5]) readonly validity!: EligibilityValidity;
}
