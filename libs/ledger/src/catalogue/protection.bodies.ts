import {
  type CalendarDate,
  type CareNeedsCategory,
  type InsurerNumber,
  parseInsurerNumber,
  type RestrictionScope,
} from '@ledger/domain';
import { IsDayDone, OneOf, Optional } from './fields';
import { Satisfies } from './satisfies';

const scopes = ['non-disclosure', 'no-self-information'];
const categories = ['facility', 'disability', 'long-term-care', 'companion-needed', 'guardian', 'other'];

/** 閲覧制限の届出: ViewingRestrictionFiled. */
export class ViewingRestrictionFilingBody {
  @IsDayDone() readonly filedOn!: CalendarDate;
  @OneOf(scopes) readonly scope!: RestrictionScope;
  /** The insurer the notification was filed with (R32); the insurer of the request when absent. */
  @Optional() @Satisfies(parseInsurerNumber) readonly filedWith?: InsurerNumber;
}

/** Lifted on a day that has come: the restriction stands until it is lifted, and a lift ends it at once (R31). */
export class ViewingRestrictionLiftBody {
  @IsDayDone() readonly liftedOn!: CalendarDate;
  @OneOf(scopes) readonly scope!: RestrictionScope;
}

/** 要配慮者: CareNeedsRecognized. */
export class CareNeedsRecognitionBody {
  @IsDayDone() readonly recognizedOn!: CalendarDate;
  @OneOf(categories) readonly category!: CareNeedsCategory;
}

/** Ended on a day that has come, as a lift: the person counts as needing consideration until then (R22). */
export class CareNeedsEndBody {
  @IsDayDone() readonly endedOn!: CalendarDate;
  @OneOf(categories) readonly category!: CareNeedsCategory;
}
