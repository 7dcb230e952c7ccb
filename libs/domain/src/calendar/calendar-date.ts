import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { type CivilDate, civilFromDays, daysFromCivil, daysInMonth } from './civil-days';

/**
 * A calendar date in Japan time, `YYYY-MM-DD`. Effective dates (acquiredOn, lostOn, validFrom...)
 * are calendar dates, never instants: the ISO form sorts and compares as a string.
 */
export type CalendarDate = Brand<string, 'CalendarDate'>;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseCalendarDate(raw: unknown): Parsed<CalendarDate> {
  if (typeof raw !== 'string') return rejected('must be a date written YYYY-MM-DD');
  const match = isoDate.exec(raw);
  if (!match) return rejected('must be a date written YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return rejected(`${raw} is not a day of the calendar`);
  }
  return accepted(raw as CalendarDate);
}

export function isCalendarDate(raw: unknown): raw is CalendarDate {
  return parseCalendarDate(raw).ok;
}

/** For dates written in code and tests; throws on a malformed literal. */
export function calendarDate(literal: string): CalendarDate {
  const parsed = parseCalendarDate(literal);
  if (!parsed.ok) throw new RangeError(`calendarDate('${literal}'): ${parsed.reason}`);
  return parsed.value;
}

export function toCivil(date: CalendarDate): CivilDate {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function fromCivil({ year, month, day }: CivilDate): CalendarDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as CalendarDate;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const earliest = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const latest = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromCivil(civilFromDays(daysFromCivil(toCivil(date)) + days));
}

export const dayBefore = (date: CalendarDate): CalendarDate => addDays(date, -1);
export const dayAfter = (date: CalendarDate): CalendarDate => addDays(date, 1);

/** Same day `months` later; a day the target month lacks becomes its last day (01-31 + 1 month = 02-28). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = toCivil(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  return fromCivil({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

export const addYears = (date: CalendarDate, years: number): CalendarDate => addMonths(date, years * 12);

/**
 * The last day of a period of whole months that begins on `start` (民法 143条): the day before the
 * day of its last month that corresponds to `start`, or that month's last day where it has none. A
 * period of five years from 2024-02-29 ends on 2029-02-28.
 */
export function lastDayOfMonths(start: CalendarDate, months: number): CalendarDate {
  const corresponding = addMonths(start, months);
  return toCivil(corresponding).day === toCivil(start).day ? dayBefore(corresponding) : corresponding;
}

export function endOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = toCivil(date);
  return fromCivil({ year, month, day: daysInMonth(year, month) });
}

export const startOfNextMonth = (date: CalendarDate): CalendarDate => dayAfter(endOfMonth(date));

/** The first date on or after `date` that falls on the given month and day. */
export function nextOccurrence(date: CalendarDate, month: number, day: number): CalendarDate {
  const { year } = toCivil(date);
  const thisYear = fromCivil({ year, month, day: Math.min(day, daysInMonth(year, month)) });
  return thisYear >= date
    ? thisYear
    : fromCivil({ year: year + 1, month, day: Math.min(day, daysInMonth(year + 1, month)) });
}
