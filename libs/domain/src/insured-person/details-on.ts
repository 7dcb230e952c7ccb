import { type CalendarDate } from '../calendar';
import { type PrintedDetails, type QualificationAcquiredData } from './events';
import { type CoveragePeriod, type InsuredPersonState } from './state';

export interface DetailsChange {
  readonly effectiveOn: CalendarDate;
  readonly changed: Partial<PrintedDetails>;
}

/**
 * A report that found its details in force on its date (`QualificationDetailsConfirmed`), kept with
 * how many changes of the period were on record before it. It changes nothing by itself. A change
 * recorded after it and dated before it holds, for the details the report named, only up to the
 * report's date: from then on the details are those the insurer reported (R42). It never undoes a
 * correction of the enrolment, nor counts as a change for the rules that read the changes (R12, R28).
 */
export interface DetailsReport {
  readonly effectiveOn: CalendarDate;
  readonly reported: Partial<PrintedDetails>;
  readonly changesBefore: number;
}

/**
 * The enrolment's details with the changes effective by `on` (all of them without a date), in
 * effective-date order: a late report of an earlier change still counts from its own date. A
 * report restores, from its date, what a change recorded after it and dated before it changed.
 */
export function detailsWithChanges(
  enrolment: QualificationAcquiredData,
  changes: readonly DetailsChange[],
  on?: CalendarDate,
  reports: readonly DetailsReport[] = [],
): QualificationAcquiredData {
  const all = reports.length === 0 ? changes : [...reportsAsChanges(changes, reports), ...changes];
  const effective = on === undefined ? all : all.filter((change) => change.effectiveOn <= on);
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

/**
 * Each report as a change of its date, of the details it named that a change recorded after it and
 * dated before it changed. Put before the period's changes, it comes first among those of its date,
 * so that a change of the same date recorded after it still has the last word.
 */
function reportsAsChanges(changes: readonly DetailsChange[], reports: readonly DetailsReport[]): DetailsChange[] {
  return reports.flatMap(({ effectiveOn, reported, changesBefore }) => {
    const overtaken = new Set(
      changes
        .slice(changesBefore)
        .filter((change) => change.effectiveOn < effectiveOn)
        .flatMap((change) => Object.keys(change.changed)),
    );
    const restored = Object.entries(reported).filter(([field]) => overtaken.has(field));
    return restored.length === 0 ? [] : [{ effectiveOn, changed: Object.fromEntries(restored) }];
  });
}

/**
 * The reported details that no earlier record fixes on that date already: the enrolment fixes all
 * of them on its first day, and a change or a report recorded for the same date the ones it names.
 * A report keeps only these; the same report again adds nothing.
 */
export function detailsNotFixedOn(
  period: Pick<CoveragePeriod, 'acquiredOn' | 'detailsChanges' | 'detailsReports'>,
  on: CalendarDate,
  reported: Partial<PrintedDetails>,
): Partial<PrintedDetails> {
  if (period.acquiredOn === on) return {};
  const sameDate = [
    ...period.detailsChanges.filter((change) => change.effectiveOn === on).map((change) => change.changed),
    ...(period.detailsReports ?? []).filter((each) => each.effectiveOn === on).map((each) => each.reported),
  ];
  const fixed = new Set(sameDate.flatMap((details) => Object.keys(details)));
  return Object.fromEntries(Object.entries(reported).filter(([field]) => !fixed.has(field)));
}

const byEffectiveDate = (left: DetailsChange, right: DetailsChange): number =>
  left.effectiveOn < right.effectiveOn ? -1 : left.effectiveOn > right.effectiveOn ? 1 : 0;

/** The details a period shows on a date (every change without one): its changes and its reports (R42). */
export const detailsOfPeriod = (period: CoveragePeriod, on?: CalendarDate): QualificationAcquiredData =>
  detailsWithChanges(period.enrolmentDetails, period.detailsChanges, on, period.detailsReports);

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
  return period && detailsOfPeriod(period, on);
}

/**
 * Every set of details the person held over valid time: each enrolment's as reported, and as it
 * stood from each change's effective date on. Recording order plays no part: a late report of an
 * earlier change yields the details that held from its date (R42). With `by`, those held by then.
 */
export function detailsHeld(state: InsuredPersonState, by?: CalendarDate): QualificationAcquiredData[] {
  return state.periods.flatMap((period) =>
    [
      period.acquiredOn,
      ...period.detailsChanges.map((change) => change.effectiveOn),
      ...(period.detailsReports ?? []).map((report) => report.effectiveOn),
    ]
      .filter((on) => by === undefined || on <= by)
      .map((on) => detailsOfPeriod(period, on)),
  );
}
