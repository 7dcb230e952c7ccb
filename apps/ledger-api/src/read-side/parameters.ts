import { BadRequestException } from '@nestjs/common';
import {
  addDays,
  type CalendarDate,
  type Instant,
  type InsurerNumber,
  japanDateOf,
  parseCalendarDate,
  parseInstant,
  parseInsurerNumber,
  parsePersonId,
  type Parsed,
  type PersonId,
} from '@ledger/domain';

/** A 400 that names the parameter and what is wrong with it. */
function valid<T>(parsed: Parsed<T>, parameter: string): T {
  if (parsed.ok) return parsed.value;
  throw new BadRequestException([`${parameter}: ${parsed.reason}`]);
}

export const today = (): CalendarDate => japanDateOf(new Date().toISOString() as Instant);

export const insurerNumberParameter = (raw: unknown): InsurerNumber => valid(parseInsurerNumber(raw), 'insurerNumber');
export const personIdParameter = (raw: unknown): PersonId => valid(parsePersonId(raw), 'personId');

/** A date parameter; absent means today in Japan. */
export const dateParameter = (raw: unknown, parameter: string): CalendarDate =>
  raw === undefined ? today() : valid(parseCalendarDate(raw), parameter);

export const requiredDateParameter = (raw: unknown, parameter: string): CalendarDate => {
  if (raw === undefined) throw new BadRequestException([`${parameter}: is required (YYYY-MM-DD)`]);
  return valid(parseCalendarDate(raw), parameter);
};

export const instantParameter = (raw: unknown, parameter: string): Instant | undefined =>
  raw === undefined ? undefined : valid(parseInstant(raw), parameter);

/**
 * A bound of recorded time: an instant, or a Japanese date meaning the start of that day (`from`)
 * or the start of the next one (`to`, so that the day itself is included).
 */
export function recordedBoundParameter(raw: unknown, parameter: 'from' | 'to'): string {
  if (raw === undefined) throw new BadRequestException([`${parameter}: is required (YYYY-MM-DD or an ISO instant)`]);
  const date = parseCalendarDate(raw);
  if (date.ok) {
    const day = parameter === 'to' ? addDays(date.value, 1) : date.value;
    return new Date(`${day}T00:00:00+09:00`).toISOString();
  }
  const instant = parseInstant(raw);
  if (instant.ok) return new Date(instant.value).toISOString();
  throw new BadRequestException([`${parameter}: must be a date YYYY-MM-DD or an ISO instant with an offset`]);
}

/** A global position (Ledger-Min-Position, Last-Event-ID): a whole number, 0 or more. */
export function positionParameter(raw: unknown, parameter: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw new BadRequestException([`${parameter}: must be a global position, a whole number 0 or more`]);
  }
  return Number(raw);
}
