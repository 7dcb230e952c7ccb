import { type CalendarDate, parseCalendarDate } from '../calendar';
import { daysInMonth } from '../calendar/civil-days';
import { type InsuranceScheme } from '../identifiers';
import { isRecord } from '../shared/is-record';
import { defaultPolicy, type LedgerPolicy, type MonthDay } from './ledger-policy';

const schemes: readonly InsuranceScheme[] = ['national-health-insurance', 'late-elderly', 'employee'];

/** The law's dates (R10, R11): an insurer sets earlier caps per scheme, never these. */
const lawsFields: readonly (keyof LedgerPolicy)[] = ['cutover', 'legacyCardLastValidDay'];

function date(raw: unknown, field: string): CalendarDate {
  const parsed = parseCalendarDate(raw);
  if (!parsed.ok) throw new Error(`${field}: ${parsed.reason}`);
  return parsed.value;
}

function integer(raw: unknown, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(raw) || (raw as number) < min || (raw as number) > max) {
    throw new Error(`${field} must be a whole number from ${min} to ${max}`);
  }
  return raw as number;
}

/** Entries per scheme, over the defaults: naming one scheme keeps the others' defaults. */
function perScheme<T>(
  raw: unknown,
  field: string,
  defaults: Readonly<Partial<Record<InsuranceScheme, T>>>,
  read: (value: unknown, name: string) => T,
): Readonly<Partial<Record<InsuranceScheme, T>>> {
  if (!isRecord(raw)) throw new Error(`${field} must be an object keyed by scheme (${schemes.join(', ')})`);
  const merged: Partial<Record<InsuranceScheme, T>> = { ...defaults };
  for (const [scheme, value] of Object.entries(raw)) {
    if (!(schemes as readonly string[]).includes(scheme)) {
      throw new Error(`${field}: unknown scheme ${scheme}; schemes are ${schemes.join(', ')}`);
    }
    merged[scheme as InsuranceScheme] = read(value, `${field}.${scheme}`);
  }
  return merged;
}

/** A scheme's cap falls on or before the law's last day (R11): a later one would change nothing. */
function schemeCap(raw: unknown, field: string): CalendarDate {
  const cap = date(raw, field);
  if (cap > defaultPolicy.legacyCardLastValidDay) {
    throw new Error(`${field}: ${cap} is after ${defaultPolicy.legacyCardLastValidDay}, the law's last day (R11)`);
  }
  return cap;
}

/** A scheme's last day of the exception, or null for none: the default names late-elderly. */
function certificatesForAllUntil(raw: unknown, field: string): LedgerPolicy['certificatesForAllUntil'] {
  const merged = perScheme(raw, field, defaultPolicy.certificatesForAllUntil, (value, name) =>
    value === null ? null : date(value, name),
  );
  return Object.fromEntries(Object.entries(merged).filter(([, until]) => until !== null));
}

function monthDay(raw: unknown, field: string): MonthDay {
  if (!isRecord(raw)) throw new Error(`${field} must be { "month", "day" }`);
  const month = integer(raw.month, `${field}.month`, 1, 12);
  // A day every year has: 29 February would be missing three years in four.
  const day = integer(raw.day, `${field}.day`, 1, daysInMonth(2025, month));
  return { month, day };
}

function delayMonths(raw: unknown, field: string): LedgerPolicy['cancellationDelayMonths'] {
  if (!isRecord(raw)) throw new Error(`${field} must be { "min", "max" }`);
  const min = integer(raw.min, `${field}.min`, 0, 12);
  const max = integer(raw.max, `${field}.max`, 0, 12);
  if (min > max) throw new Error(`${field}: min ${min} is after max ${max}`);
  return { min, max };
}

/** What an insurer sets (DOMAIN.md §8), each field with its reader. */
const insurersFields: { readonly [K in keyof LedgerPolicy]?: (raw: unknown, field: K) => LedgerPolicy[K] } = {
  legacyCardLastValidDayByScheme: (raw, field) =>
    perScheme(raw, field, defaultPolicy.legacyCardLastValidDayByScheme, schemeCap),
  certificatesForAllUntil: certificatesForAllUntil,
  // R26: the public notice allows at most five years.
  certificateMaxValidityYears: (raw, field) => integer(raw, field, 1, 5),
  bulkRenewal: (raw, field) => perScheme(raw, field, defaultPolicy.bulkRenewal, monthDay),
  cancellationDelayMonths: delayMonths,
};

/**
 * An insurer's policy (DOMAIN.md §8) from its JSON, or an Error saying what is wrong: the fields it
 * names replace the defaults, per-scheme entries the default of their scheme only. An unknown field
 * is refused, not ignored (a misspelt cap would leave the default in force unnoticed), and so are
 * the law's own dates.
 */
export function parsePolicy(raw: unknown): LedgerPolicy {
  const settable = Object.keys(insurersFields);
  if (!isRecord(raw)) throw new Error(`a policy is a JSON object with some of ${settable.join(', ')}`);
  const policy: Record<string, unknown> = { ...defaultPolicy };
  for (const [field, value] of Object.entries(raw)) {
    if ((lawsFields as readonly string[]).includes(field)) {
      throw new Error(`${field} is the law's (R10, R11), not an insurer's to set; set ${settable.join(', ')}`);
    }
    // Own fields only: `constructor` or `toString` would otherwise find Object's own functions.
    const read = Object.hasOwn(insurersFields, field)
      ? (insurersFields[field as keyof LedgerPolicy] as (raw: unknown, field: string) => unknown)
      : undefined;
    if (!read) throw new Error(`unknown field ${field}; an insurer sets ${settable.join(', ')}`);
    policy[field] = read(value, field);
  }
  return policy as unknown as LedgerPolicy;
}
