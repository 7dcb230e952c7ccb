import { type CalendarDate } from '../calendar';
import { type RuleId } from '../errors/domain-error';
import { careNeedsOn, coveragePeriodOn, registrationStateOn, restrictionOn } from './coverage';
import { type IssueOccasion } from './events';
import { type InsuredPersonState } from './state';

/** Why a person may hold an eligibility certificate, and since when. */
export interface CertificateGround {
  readonly rule: Extract<RuleId, 'R20' | 'R21' | 'R22' | 'R23' | 'R37'>;
  readonly occasion: IssueOccasion;
  readonly since: CalendarDate;
}

export function certificateGroundsOn(state: InsuredPersonState, on: CalendarDate): CertificateGround[] {
  const { qualification, registration } = state;
  // The period the date falls in: a later re-enrolment does not move when an earlier one began.
  const period = coveragePeriodOn(state, on);
  if (!qualification || !period) return [];
  const grounds: CertificateGround[] = [];
  const registrationOnDate = registrationStateOn(state, on);
  if (registrationOnDate === 'none') {
    grounds.push({ rule: 'R20', occasion: 'acquisition', since: period.acquiredOn });
  }
  if (registrationOnDate === 'cancelled' && registration.state === 'cancelled') {
    grounds.push({ rule: 'R21', occasion: 'cancellation', since: registration.effectiveOn });
  }
  if (registration.state === 'cancellation-pending' && registration.carried) {
    grounds.push({ rule: 'R37', occasion: 'cancellation', since: qualification.acquiredOn });
  }
  const careNeeds = careNeedsOn(state, on);
  if (careNeeds) grounds.push({ rule: 'R22', occasion: 'care-needs', since: careNeeds.recognizedOn });
  const restriction = restrictionOn(state, on);
  if (restriction) grounds.push({ rule: 'R23', occasion: 'restriction', since: restriction.filedOn });
  return grounds.filter((ground) => ground.since <= on);
}
