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
import { IsOptional } from 'class-validator';
import { burdenRatios, IsCalendarDate, OneOf, Text } from './fields';
import { Satisfies } from './satisfies';

/** What every document prints about the person (DOMAIN.md §4). */
class PrintedDetailsBody {
  @IsOptional() @Satisfies(parseInsuredSymbol) readonly symbol?: InsuredSymbol;
  @IsOptional() @Satisfies(parseBranchNumber) readonly branch?: BranchNumber;
  @IsOptional() @Text(100) readonly nameKana?: string;
  @IsOptional() @Text() readonly address?: string;
  @IsOptional() @Text(64) readonly householdId?: string;
}

/** What an enrolment reports about the person and the coverage, as first reported or as corrected. */
class EnrolledDetailsBody extends PrintedDetailsBody {
  @Satisfies(parseInsuredNumber) readonly number!: InsuredNumber;
  @OneOf(['insured', 'dependant']) readonly relationship!: Relationship;
  @IsCalendarDate() readonly acquiredOn!: CalendarDate;
  @OneOf(burdenRatios) readonly burdenRatio!: BurdenRatio;
  @IsCalendarDate() readonly birthDate!: CalendarDate;
  @Text(100) readonly name!: string;
  @IsOptional() @OneOf(['male', 'female']) readonly sex?: Sex;
}

/** Enrolment (加入・資格取得): QualificationAcquired. The insurer is the one in the path or line. */
export class EnrolmentBody extends EnrolledDetailsBody {
  @IsOptional()
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
  @IsOptional() @Satisfies(parseInsuredNumber) readonly number?: InsuredNumber;
  @IsOptional() @Text(100) readonly name?: string;
  @IsOptional() @OneOf(burdenRatios) readonly burdenRatio?: BurdenRatio;
}
