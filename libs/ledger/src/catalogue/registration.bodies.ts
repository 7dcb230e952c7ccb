import { type CalendarDate, type CancellationApplicant, type RegistrationChannel } from '@ledger/domain';
import { IsBoolean } from 'class-validator';
import { IsCalendarDate, IsDayDone, OneOf } from './fields';

/** 利用登録: CardRegistered. */
export class CardRegistrationBody {
  @IsDayDone() readonly registeredOn!: CalendarDate;
  @OneOf(['portal', 'card-reader', 'atm', 'municipal-counter']) readonly channel!: RegistrationChannel;
}

/** 解除申請: RegistrationCancellationRequested. */
export class RegistrationCancellationRequestBody {
  @IsDayDone() readonly requestedOn!: CalendarDate;
  @OneOf(['self', 'household-member', 'agent']) readonly applicant!: CancellationApplicant;
  @IsBoolean({ message: 'must be true or false' }) readonly identityDocumentChecked!: boolean;
  @IsBoolean({ message: 'must be true or false' }) readonly powerOfAttorney!: boolean;
}

/** The cancellation takes effect: RegistrationCancelled. */
export class RegistrationCancellationBody {
  @IsCalendarDate() readonly effectiveOn!: CalendarDate;
}
