import { BadRequestException } from '@nestjs/common';
import {
  type CalendarDate,
  type DocumentId,
  type Instant,
  type InsurerNumber,
  parseCalendarDate,
  parseDocumentId,
  parseInstant,
  parseInsurerNumber,
  parsePersonId,
  type Parsed,
  type PersonId,
} from '@ledger/domain';
import { naming, today } from '@ledger/ledger';
import { isGlobalPosition, maxGlobalPosition } from './global-position';

/** A 400 that names the parameter and what is wrong with it. */
function valid<T>(parsed: Parsed<T>, parameter: string): T {
  if (parsed.ok) return parsed.value;
  throw new BadRequestException([naming(parameter, parsed.reason)]);
}

export const insurerNumberParameter = (raw: unknown): InsurerNumber => {
  // A path parameter is always there; a query parameter may be left out.
  if (raw === undefined) throw new BadRequestException(['insurerNumber: is required (6 or 8 digits)']);
  return valid(parseInsurerNumber(raw), 'insurerNumber');
};
export const personIdParameter = (raw: unknown): PersonId => valid(parsePersonId(raw), 'personId');
export const documentIdParameter = (raw: unknown): DocumentId => valid(parseDocumentId(raw), 'documentId');

/** A date parameter; absent means today in Japan. */
export const dateParameter = (raw: unknown, parameter: string): CalendarDate =>
  raw === undefined ? today() : valid(parseCalendarDate(raw), parameter);

const requiredDateParameter = (raw: unknown, parameter: string): CalendarDate => {
  if (raw === undefined) throw new BadRequestException([`${parameter}: is required (YYYY-MM-DD)`]);
  return valid(parseCalendarDate(raw), parameter);
};

/** A `+` left unescaped in a query arrives as a space: an offset `+09:00` then reads ` 09:00`. */
const unescapedPlus = (raw: unknown): string =>
  typeof raw === 'string' && / \d{2}:?\d{2}$/.test(raw) ? '; a "+" in a URL is read as a space: write it %2B' : '';

export const instantParameter = (raw: unknown, parameter: string): Instant | undefined => {
  if (raw === undefined) return undefined;
  const parsed = parseInstant(raw);
  return valid(parsed.ok ? parsed : { ...parsed, reason: `${parsed.reason}${unescapedPlus(raw)}` }, parameter);
};

/** The 400 of a range that ends before it starts: the same check for every `from`/`to` pair. */
function refuseInverted(inverted: boolean, from: unknown, to: unknown, why = 'is before'): void {
  if (inverted) throw new BadRequestException([`to: ${String(to)} ${why} from ${String(from)}`]);
}

/** An inclusive range of calendar dates, both required; `to` may equal `from` (one day). */
export function dateRangeParameters(from: unknown, to: unknown): [CalendarDate, CalendarDate] {
  const [start, end] = [requiredDateParameter(from, 'from'), requiredDateParameter(to, 'to')];
  refuseInverted(end < start, start, end);
  return [start, end];
}

/**
 * Recorded times are compared as ISO strings (`YYYY-MM-DDTHH:mm:ss.sssZ`), which exist only for
 * years 0000-9999 in UTC: a bound outside them cannot be written in that form.
 */
const recordable = { earliest: Date.parse('0000-01-01T00:00:00.000Z'), latest: Date.parse('9999-12-31T23:59:59.999Z') };
const msPerDay = 86_400_000;

/**
 * A bound of recorded time: an instant, or a Japanese date meaning the start of that day (`from`)
 * or the start of the next one (`to`, so that the day itself is included), as epoch milliseconds.
 */
function recordedBoundParameter(raw: unknown, parameter: 'from' | 'to'): number {
  if (raw === undefined) throw new BadRequestException([`${parameter}: is required (YYYY-MM-DD or an ISO instant)`]);
  const date = parseCalendarDate(raw);
  const instant = date.ok ? undefined : parseInstant(raw);
  let millis: number;
  let written: string;
  if (date.ok) {
    written = date.value;
    millis = Date.parse(`${date.value}T00:00:00+09:00`) + (parameter === 'to' ? msPerDay : 0);
  } else if (instant?.ok) {
    written = instant.value;
    millis = Date.parse(instant.value);
  } else if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    // Written as a date, but no day of the calendar (2026-02-29): say so, as the worklists do.
    throw new BadRequestException([naming(parameter, date.reason)]);
  } else {
    throw new BadRequestException([
      `${parameter}: must be a date YYYY-MM-DD or an ISO instant with an offset${unescapedPlus(raw)}`,
    ]);
  }
  if (!(millis >= recordable.earliest && millis <= recordable.latest)) {
    // A Japanese day starts at 15:00 UTC the day before: 0000-01-01 starts in year -1.
    const asDay = date.ok
      ? `, ${new Date(millis).toISOString()} as the ${parameter === 'to' ? 'end' : 'start'} of a Japanese day,`
      : '';
    throw new BadRequestException([
      `${parameter}: ${written}${asDay} is outside the recorded times the ledger can compare (0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)`,
    ]);
  }
  return millis;
}

/** A period of recorded time as ISO instants [from, to): it must not be empty. */
export function recordedPeriodParameters(from: unknown, to: unknown): [string, string] {
  const [start, end] = [recordedBoundParameter(from, 'from'), recordedBoundParameter(to, 'to')];
  refuseInverted(end <= start, from, to, 'leaves the period empty: it is not after');
  return [new Date(start).toISOString(), new Date(end).toISOString()];
}

/** A global position (Ledger-Min-Position, Last-Event-ID): a whole number, 0 or more. */
export function positionParameter(raw: unknown, parameter: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !isGlobalPosition(raw)) {
    throw new BadRequestException([
      `${parameter}: must be a global position, a whole number from 0 to ${maxGlobalPosition}`,
    ]);
  }
  return Number(raw);
}
