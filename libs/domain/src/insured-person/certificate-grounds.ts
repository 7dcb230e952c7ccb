import { type CalendarDate, latest } from '../calendar';
import { type RuleId } from '../errors/domain-error';
import { insuranceSchemeOf } from '../identifiers';
import { type LedgerPolicy } from '../policy';
import { careNeedsOn, coveragePeriodOn, registrationChangeOn, restrictionOn } from './coverage';
import { type IssueOccasion } from './events';
import { type InsuredPersonState } from './state';

/** Why a person may hold an eligibility certificate, and since when. */
export interface CertificateGround {
  readonly rule: Extract<RuleId, 'R20' | 'R21' | 'R22' | 'R23' | 'R37'>;
  readonly occasion: IssueOccasion;
  readonly since: CalendarDate;
}

/**
 * The grounds as they stood on the date (R42): from the coverage period and the registration change
 * in force then, so that a later re-enrolment or re-registration leaves earlier dates' answers alone.
 */
export function certificateGroundsOn(
  state: InsuredPersonState,
  on: CalendarDate,
  policy: LedgerPolicy,
): CertificateGround[] {
  const period = coveragePeriodOn(state, on);
  if (!period) return [];
  const grounds: CertificateGround[] = [];
  const registration = registrationChangeOn(state, on) ?? { from: period.acquiredOn, state: 'none' };
  if (registration.state === 'none' || forAllOfTheSchemeOn(state, on, policy)) {
    grounds.push({ rule: 'R20', occasion: 'acquisition', since: period.acquiredOn });
  }
  if (registration.state === 'cancelled') {
    grounds.push({ rule: 'R21', occasion: 'cancellation', since: registration.from });
  } else if (registration.state === 'cancellation-pending' && registration.carried) {
    grounds.push({ rule: 'R37', occasion: 'cancellation', since: registration.from });
  }
  const careNeeds = careNeedsOn(state, on);
  if (careNeeds) grounds.push({ rule: 'R22', occasion: 'care-needs', since: careNeeds.recognizedOn });
  const restriction = restrictionOn(state, on);
  if (restriction) grounds.push({ rule: 'R23', occasion: 'restriction', since: restriction.filedOn });
  // A ground carried over from an earlier period (a cancellation, care needs) counts from this one's start.
  return grounds
    .map((ground) => ({ ...ground, since: latest(ground.since, period.acquiredOn) }))
    .filter((ground) => ground.since <= on);
}

/** Whether the person's scheme owes every member a certificate on the day, as R20 owes one without a card (§8). */
function forAllOfTheSchemeOn(state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): boolean {
  const until =
    state.qualification && policy.certificatesForAllUntil[insuranceSchemeOf(state.qualification.insurerNumber)];
  return until !== undefined && on <= until;
}
