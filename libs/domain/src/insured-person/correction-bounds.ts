import { type CalendarDate } from '../calendar';
import { type RuleId } from '../errors/domain-error';
import { type CoveragePeriod } from './state';

/**
 * The rule a corrected start of the period at `index` would break: inside the period before (R1),
 * or after its own loss (R2). The decider refuses such a correction, and `evolve` passes over one
 * that another writer appended.
 */
export function startBreaks(
  periods: readonly CoveragePeriod[],
  index: number,
  acquiredOn: CalendarDate,
): RuleId | undefined {
  const before = periods[index - 1];
  const period = periods[index];
  if (before?.lostOn !== undefined && acquiredOn < before.lostOn) return 'R1';
  if (period?.lostOn !== undefined && period.lostOn < acquiredOn) return 'R2';
  return undefined;
}

/** The rule a corrected loss of the period at `index` would break: before its start (R2), after the next enrolment (R1). */
export function lossBreaks(
  periods: readonly CoveragePeriod[],
  index: number,
  lostOn: CalendarDate,
): RuleId | undefined {
  const period = periods[index];
  const next = periods[index + 1];
  if (period !== undefined && lostOn < period.acquiredOn) return 'R2';
  if (next !== undefined && next.acquiredOn < lostOn) return 'R1';
  return undefined;
}
