/** The rules of DOMAIN.md §5 that a decision can cite. */
export type RuleId =
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R10'
  | 'R11'
  | 'R12'
  | 'R13'
  | 'R20'
  | 'R21'
  | 'R22'
  | 'R23'
  | 'R24'
  | 'R25'
  | 'R26'
  | 'R27'
  | 'R28'
  | 'R29'
  | 'R30'
  | 'R31'
  | 'R32'
  | 'R33'
  | 'R34'
  | 'R35'
  | 'R36'
  | 'R37'
  | 'R40'
  | 'R41'
  | 'R42';

/** Stable codes that clients may branch on; the message is for people and may change. */
export type RefusalCode =
  | 'ALREADY_QUALIFIED'
  | 'ACQUIRED_BEFORE_BIRTH'
  | 'NOT_QUALIFIED'
  | 'LOSS_BEFORE_ACQUISITION'
  | 'BURDEN_RATIO_NOT_ALLOWED'
  | 'LEGACY_CARD_AFTER_CUTOVER'
  | 'CERTIFICATE_BEFORE_CUTOVER'
  | 'CERTIFICATE_WITHOUT_GROUND'
  | 'CERTIFICATE_DEFERRED_TO_BULK_RENEWAL'
  | 'CARE_NEEDS_CATEGORY_REQUIRED'
  | 'CARE_NEEDS_NOT_RECOGNIZED'
  | 'CARE_NEEDS_CATEGORY_DIFFERS'
  | 'CARE_NEEDS_ALREADY_RECOGNIZED'
  | 'NOT_RESTRICTED'
  | 'RESTRICTION_SCOPE_DIFFERS'
  | 'ALREADY_RESTRICTED'
  | 'RESTRICTION_FILED_ELSEWHERE'
  | 'NO_DOCUMENT_REPORTED_LOST'
  | 'AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD'
  | 'CANCELLATION_APPLICANT_DIFFERS'
  | 'AGENT_CERTIFICATE_SAME_DAY'
  | 'VALIDITY_MISSING'
  | 'VALIDITY_TOO_LONG'
  | 'VALIDITY_ENDS_BEFORE_START'
  | 'NOTICE_WITHOUT_OCCASION'
  | 'ELDERLY_RECIPIENT_AGE'
  | 'REGISTRATION_CHANNEL_UNKNOWN'
  | 'ALREADY_REGISTERED'
  | 'NOT_REGISTERED'
  | 'IDENTITY_NOT_CHECKED'
  | 'POWER_OF_ATTORNEY_MISSING'
  | 'NO_CANCELLATION_PENDING'
  | 'REGISTRATION_CHANGE_OUT_OF_ORDER'
  | 'CANCELLATION_OUTSIDE_DELAY'
  | 'CANCELLATION_MOVED_TO_NEW_INSURER'
  | 'ELIGIBILITY_VALIDITY_UNKNOWN'
  | 'DOCUMENT_ALREADY_ISSUED'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_NOT_LIVE'
  | 'REVOCATION_WITHOUT_GROUND'
  | 'DOCUMENT_ALREADY_DELIVERED'
  | 'DATE_BEFORE_ISSUE'
  | 'CORRECTED_EVENT_NOT_FOUND'
  | 'CORRECTION_AFTER_RECORDED_FACT'
  | 'CORRECTION_BEFORE_RECORDED_FACT'
  | 'CORRECTION_CHANGES_NOTHING';

/**
 * A command the ledger refuses. `rule` names the rule of DOMAIN.md that refuses it; a refusal
 * that no numbered rule covers (an unknown document, a date before its issue) has none.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: RefusalCode,
    readonly rule: RuleId | undefined,
    message: string,
  ) {
    super(rule ? `${rule}: ${message}` : message);
  }
}

export const refuse = (code: RefusalCode, rule: RuleId | undefined, message: string): never => {
  throw new DomainError(code, rule, message);
};
