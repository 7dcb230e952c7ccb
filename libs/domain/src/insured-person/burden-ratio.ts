import { attainsAgeOn, birthdayOf, type CalendarDate, nextOccurrence, startOfNextMonth } from '../calendar';
import { type InsuranceScheme } from '../identifiers';
import { type BurdenRatio } from './events';

/** The age bands that decide the burden ratio (R4). */
export type AgeBand = 'preschool' | 'under-70' | '70-to-74' | '75-and-over';

/**
 * Preschool lasts until the first 31 March after the child attains 6; the 70-74 ratio applies from
 * the first of the month after attaining 70; late-elderly coverage starts on the 75th birthday.
 */
export function ageBandOn(birthDate: CalendarDate, on: CalendarDate): AgeBand {
  if (on >= birthdayOf(birthDate, 75)) return '75-and-over';
  if (on >= startOfNextMonth(attainsAgeOn(birthDate, 70))) return '70-to-74';
  if (on <= nextOccurrence(attainsAgeOn(birthDate, 6), 3, 31)) return 'preschool';
  return 'under-70';
}

const allowedRatios: Record<AgeBand, readonly BurdenRatio[]> = {
  preschool: [20],
  'under-70': [30],
  '70-to-74': [20, 30],
  '75-and-over': [10, 20, 30],
};

export const isBurdenRatio = (value: unknown): value is BurdenRatio => value === 10 || value === 20 || value === 30;

/** The ratios of the person's age band: what R4 calls normal. */
export const burdenRatiosForAge = (birthDate: CalendarDate, on: CalendarDate): readonly BurdenRatio[] =>
  allowedRatios[ageBandOn(birthDate, on)];

/**
 * R4 says "normally": a late-elderly scheme also covers persons from 65 recognised with a disability,
 * who pay what the scheme sets for all its members, 10, 20 or 30, before 75 too.
 */
export const burdenRatiosAllowed = (
  birthDate: CalendarDate,
  on: CalendarDate,
  scheme: InsuranceScheme,
): readonly BurdenRatio[] =>
  scheme === 'late-elderly' ? allowedRatios['75-and-over'] : burdenRatiosForAge(birthDate, on);

export const isAged70OrOver = (birthDate: CalendarDate, on: CalendarDate): boolean =>
  ageBandOn(birthDate, on) === '70-to-74' || ageBandOn(birthDate, on) === '75-and-over';
