import { type CalendarDate } from '../calendar';
import { type PrintedDetails, type QualificationAcquiredData } from './events';
import { type CoveragePeriod, type InsuredPersonState } from './state';

export interface DetailsChange {
  readonly effectiveOn: CalendarDate;
  readonly changed: Partial<PrintedDetails>;
}

/**
 * The enrolment's details with the changes effective by `on` (all of them without a date), in
 * effective-date order: a late report of an earlier change still counts from its own date.
 */
export function detailsWithChanges(
  enrolment: QualificationAcquiredData,
  changes: readonly DetailsChange[],
  on?: CalendarDate,
): QualificationAcquiredData {
  const effective = on === undefined ? changes : changes.filter((change) => change.effectiveOn <= on);
  // Changes mostly come in date order; the sort is stable, so changes of one date keep their recorded order.
  const inDateOrder = effective.every(
    (change, index) => index === 0 || effective[index - 1]!.effectiveOn <= change.effectiveOn,
  );
  const ordered = inDateOrder ? effective : [...effective].sort(byEffectiveDate);
  // One copy, changed in place: called for every command and event, over every change of the period.
  const details = { ...enrolment };
  for (const change of ordered) Object.assign(details, change.changed);
  return details;
}

const byEffectiveDate = (left: DetailsChange, right: DetailsChange): number =>
  left.effectiveOn < right.effectiveOn ? -1 : left.effectiveOn > right.effectiveOn ? 1 : 0;

/**
 * The period that covers the date, or else the last one that began by then (a date after a loss),
 * or the first (a date before the enrolment). Periods never overlap (R1), so at most one covers it.
 */
export function periodOn(periods: readonly CoveragePeriod[], on: CalendarDate): CoveragePeriod | undefined {
  return periods.findLast((period) => period.acquiredOn <= on) ?? periods[0];
}

/** The printed details in force on a date (valid time), from the period the date falls in (R42). */
export function detailsOn(state: InsuredPersonState, on: CalendarDate): QualificationAcquiredData | undefined {
  const period = periodOn(state.periods, on);
  return period && detailsWithChanges(period.enrolmentDetails, period.detailsChanges, on);
}

/**
 * Every set of details the person held over valid time: each enrolment's as reported, and as it
 * stood from each change's effective date on. Recording order plays no part: a late report of an
 * earlier change yields the details that held from its date (R42). With `by`, those held by then.
 */
export function detailsHeld(state: InsuredPersonState, by?: CalendarDate): QualificationAcquiredData[] {
  return state.periods.flatMap((period) =>
    [period.acquiredOn, ...period.detailsChanges.map((change) => change.effectiveOn)]
      .filter((on) => by === undefined || on <= by)
      .map((on) => detailsWithChanges(period.enrolmentDetails, period.detailsChanges, on)),
  );
}
