import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { type CalendarDate, fromCivil, parseCalendarDate } from './calendar-date';
import { civilFromDays } from './civil-days';

/** A point in time (when the ledger recorded or knew something): ISO-8601 with `Z` or an offset. */
export type Instant = Brand<string, 'Instant'>;

const isoInstant = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const japanOffsetMs = 9 * 60 * 60 * 1000;
const msPerDay = 24 * 60 * 60 * 1000;

/** An instant without an offset would be read in the server's zone; it is refused, not guessed. */
export function parseInstant(raw: unknown): Parsed<Instant> {
  if (typeof raw !== 'string') return rejected('must be an ISO-8601 instant with Z or an offset');
  const match = isoInstant.exec(raw);
  if (!match || !parseCalendarDate(match[1]).ok || Number.isNaN(Date.parse(raw))) {
    return rejected('must be an ISO-8601 instant with Z or an offset, e.g. 2025-04-01T09:30:00+09:00');
  }
  return accepted(raw as Instant);
}

export function isInstant(raw: unknown): raw is Instant {
  return parseInstant(raw).ok;
}

export const epochMillisOf = (instant: Instant): number => Date.parse(instant);

/** Milliseconds since the epoch are zone-free; only the +9 h shift makes them a Japanese date. */
export function japanDateOf(instant: Instant): CalendarDate {
  return fromCivil(civilFromDays(Math.floor((epochMillisOf(instant) + japanOffsetMs) / msPerDay)));
}

export const instantFromEpochMillis = (millis: number): Instant => new Date(millis).toISOString() as Instant;
