import { type CalendarDate } from '../calendar';
import { type PrintedDetails, type QualificationAcquiredData } from './events';
import { type InsuredPersonState } from './state';

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
  return changes
    .map((change, recorded) => ({ ...change, recorded }))
    .filter((change) => on === undefined || change.effectiveOn <= on)
    .sort((a, b) =>
      a.effectiveOn === b.effectiveOn ? a.recorded - b.recorded : a.effectiveOn < b.effectiveOn ? -1 : 1,
    )
    .reduce<QualificationAcquiredData>((details, change) => ({ ...details, ...change.changed }), enrolment);
}

/** The printed details in force on a date (valid time). */
export function detailsOn(state: InsuredPersonState, on: CalendarDate): QualificationAcquiredData | undefined {
  return state.enrolmentDetails && detailsWithChanges(state.enrolmentDetails, state.detailsChanges, on);
}
