import { type CalendarDate, parseCalendarDate } from '../calendar';
import { type InsuranceScheme } from '../identifiers';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { defaultPolicy, type LedgerPolicy, type MonthDay } from './ledger-policy';

const schemes: readonly InsuranceScheme[] = ['national-health-insurance', 'late-elderly', 'employee'];
const fields = Object.keys(defaultPolicy) as (keyof LedgerPolicy)[];

/** A refusal raised while reading one field, caught once at the top with its reason. */
class PolicyProblem extends Error {}

const problem = (reason: string): never => {
  throw new PolicyProblem(reason);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function date(raw: unknown, field: string): CalendarDate {
  const parsed = parseCalendarDate(raw);
  return parsed.ok ? parsed.value : problem(`${field}: ${parsed.reason}`);
}

function integer(raw: unknown, field: string, min: number, max: number): number {
  return Number.isSafeInteger(raw) && (raw as number) >= min && (raw as number) <= max
    ? (raw as number)
    : problem(`${field} must be a whole number from ${min} to ${max}`);
}

/** Entries per scheme, over the defaults: naming one scheme keeps the others' defaults. */
function perScheme<T>(
  raw: unknown,
  field: string,
  defaults: Readonly<Partial<Record<InsuranceScheme, T>>>,
  read: (value: unknown, name: string) => T,
): Readonly<Partial<Record<InsuranceScheme, T>>> {
  if (!isRecord(raw)) return problem(`${field} must be an object keyed by scheme (${schemes.join(', ')})`);
  const merged: Partial<Record<InsuranceScheme, T>> = { ...defaults };
  for (const [scheme, value] of Object.entries(raw)) {
    if (!(schemes as readonly string[]).includes(scheme)) {
      problem(`${field}: unknown scheme ${scheme}; schemes are ${schemes.join(', ')}`);
    }
    merged[scheme as InsuranceScheme] = read(value, `${field}.${scheme}`);
  }
  return merged;
}

function monthDay(raw: unknown, field: string): MonthDay {
  if (!isRecord(raw)) return problem(`${field} must be { "month", "day" }`);
  const month = integer(raw.month, `${field}.month`, 1, 12);
  // A day every year has: 29 February would be missing three years in four.
  const day = integer(raw.day, `${field}.day`, 1, new Date(Date.UTC(2025, month, 0)).getUTCDate());
  return { month, day };
}

function delayMonths(raw: unknown, field: string): LedgerPolicy['cancellationDelayMonths'] {
  if (!isRecord(raw)) return problem(`${field} must be { "min", "max" }`);
  const min = integer(raw.min, `${field}.min`, 0, 12);
  const max = integer(raw.max, `${field}.max`, 0, 12);
  return min <= max ? { min, max } : problem(`${field}: min ${min} is after max ${max}`);
}

const readers: { readonly [K in keyof LedgerPolicy]: (raw: unknown, field: K) => LedgerPolicy[K] } = {
  cutover: date,
  legacyCardLastValidDay: date,
  legacyCardLastValidDayByScheme: (raw, field) =>
    perScheme(raw, field, defaultPolicy.legacyCardLastValidDayByScheme, date),
  // R26: the public notice allows at most five years.
  certificateMaxValidityYears: (raw, field) => integer(raw, field, 1, 5),
  bulkRenewal: (raw, field) => perScheme(raw, field, defaultPolicy.bulkRenewal, monthDay),
  cancellationDelayMonths: delayMonths,
};

/**
 * An insurer's policy (DOMAIN.md §8) from its JSON: the fields it names replace the defaults, and
 * per-scheme entries replace the default of their scheme only. An unknown field is refused, not
 * ignored: a misspelt cap would otherwise leave the law's default in force unnoticed.
 */
export function parsePolicy(raw: unknown): Parsed<LedgerPolicy> {
  if (!isRecord(raw)) return rejected(`a policy is a JSON object with some of ${fields.join(', ')}`);
  try {
    const policy: Record<string, unknown> = { ...defaultPolicy };
    for (const [field, value] of Object.entries(raw)) {
      if (!(fields as readonly string[]).includes(field))
        problem(`unknown field ${field}; fields are ${fields.join(', ')}`);
      policy[field] = (readers[field as keyof LedgerPolicy] as (raw: unknown, field: string) => unknown)(value, field);
    }
    return accepted(policy as unknown as LedgerPolicy);
  } catch (error) {
    if (error instanceof PolicyProblem) return rejected(error.message);
    throw error;
  }
}
