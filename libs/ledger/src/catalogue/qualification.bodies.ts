import {
  type BranchNumber,
  type BurdenRatio,
  type CalendarDate,
  type CarriedRegistration,
  type EventId,
  type InsuredNumber,
  type InsuredSymbol,
  type LossReason,
  parseBranchNumber,
  parseEventId,
  parseInsuredNumber,
  parseInsuredSymbol,
  type Relationship,
  type Sex,
} from '@ledger/domain';
import { burdenRatios, IsCalendarDate, OneOf, Optional, Text } from './fields';
import { Satisfies } from './satisfies';

/** What every document prints about the person (DOMAIN.md §4). */
class PrintedDetailsBody {
  @Optional() @Satisfies(parseInsuredSymbol) readonly symbol?: InsuredSymbol;
  @Optional() @Satisfies(parseBranchNumber) readonly branch?: BranchNumber;
  @Optional() @Text(100) readonly nameKana?: string;
  @Optional() @Text() readonly address?: string;
  @Optional() @Text(64) readonly householdId?: string;
}

/** What an enrolment reports about the person and the coverage, as first reported or as corrected. */
class EnrolledDetailsBody extends PrintedDetailsBody {
  @Satisfies(parseInsuredNumber) readonly number!: InsuredNumber;
  @OneOf(['insured', 'dependant']) readonly relationship!: Relationship;
  @IsCalendarDate() readonly acquiredOn!: CalendarDate;
  @OneOf(burdenRatios) readonly burdenRatio!: BurdenRatio;
  @IsCalendarDate() readonly birthDate!: CalendarDate;
  @Text(100) readonly name!: string;
  @Optional() @OneOf(['male', 'female']) readonly sex?: Sex;
}

/** Enrolment (加入・資格取得): QualificationAcquired. The insurer is the one in the path or line. */
export class EnrolmentBody extends EnrolledDetailsBody {
  @Optional()
  @OneOf(['registered', 'cancellation-pending', 'cancelled'])
  readonly carriedRegistration?: CarriedRegistration;
}

/**
 * A correction of an enrolment recorded wrongly: QualificationAcquiredCorrected. It names the
 * QualificationAcquired it corrects and gives the whole enrolment as it should have been.
 */
export class EnrolmentCorrectionBody extends EnrolledDetailsBody {
  @Satisfies(parseEventId) readonly correctedEventId!: EventId;
}

/** Withdrawal (脱退・資格喪失): QualificationLost. */
export class WithdrawalBody {
  @IsCalendarDate() readonly lostOn!: CalendarDate;
  @OneOf(['death', 'welfare-started', 'other-insurance', 'moved-out', 'age-75', 'other'])
  readonly reason!: LossReason;
}

/** A correction of a withdrawal recorded wrongly: QualificationLostCorrected, naming the QualificationLost. */
export class WithdrawalCorrectionBody extends WithdrawalBody {
  @Satisfies(parseEventId) readonly correctedEventId!: EventId;
}

/** A change of what a document prints: QualificationDetailsChanged. */
export class DetailsChangeBody extends PrintedDetailsBody {
  @IsCalendarDate() readonly effectiveOn!: CalendarDate;
  @Optional() @Satisfies(parseInsuredNumber) readonly number?: InsuredNumber;
  @Optional() @Text(100) readonly name?: string;
  @Optional() @OneOf(burdenRatios) readonly burdenRatio?: BurdenRatio;
}
