import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { hasLuhnCheckDigit } from './luhn';
import { isPrefectureCode } from './prefecture';

/** 保険者番号: 6 digits for municipal NHI, 8 (law code + prefecture + insurer + check) otherwise. */
export type InsurerNumber = Brand<string, 'InsurerNumber'>;
export type InsuranceScheme = 'national-health-insurance' | 'late-elderly' | 'employee';

const lateElderlyLawCode = '39';

// The 8-digit form is the 6-digit layout with the law code in front, so the prefecture sits at the same offset from the end.
const prefectureDigitsOf = (digits: string): string => digits.slice(-6, -4);

export function parseInsurerNumber(raw: unknown): Parsed<InsurerNumber> {
  if (typeof raw !== 'string' || !/^(\d{6}|\d{8})$/.test(raw)) {
    return rejected('insurer number must be 6 or 8 digits');
  }
  // One insurer, one number: a padded form kept beside the six digits would be a second insurer.
  if (raw.startsWith('00') && raw.length === 8) {
    return rejected('insurer number has no law code 00: write a municipal NHI number in its six digits');
  }
  if (!isPrefectureCode(prefectureDigitsOf(raw))) return rejected('insurer number prefecture must be 01 to 47');
  if (!hasLuhnCheckDigit(raw)) return rejected('insurer number check digit is wrong');
  return accepted(raw as InsurerNumber);
}

export const isInsurerNumber = (raw: unknown): raw is InsurerNumber => parseInsurerNumber(raw).ok;

/** The law code (法別番号) of an 8-digit number; municipal NHI numbers have none. */
export const lawCodeOf = (insurerNumber: InsurerNumber): string | undefined =>
  insurerNumber.length === 8 ? insurerNumber.slice(0, 2) : undefined;

export function insuranceSchemeOf(insurerNumber: InsurerNumber): InsuranceScheme {
  const lawCode = lawCodeOf(insurerNumber);
  if (lawCode === undefined) return 'national-health-insurance';
  return lawCode === lateElderlyLawCode ? 'late-elderly' : 'employee';
}

/** FHIR JP Core pads to 8 digits; the ledger keeps the number as given (DOMAIN.md §3.1). */
export const toEightDigitInsurerNumber = (insurerNumber: InsurerNumber): string => insurerNumber.padStart(8, '0');

/**
 * An insurer number as a clinic's interface may send it, padded to 8 digits (FHIR JP Core, §7): no
 * law code is `00`, so `00` and six digits are a municipal NHI number, read as its six.
 */
export function parsePaddedInsurerNumber(raw: unknown): Parsed<InsurerNumber> {
  return parseInsurerNumber(typeof raw === 'string' && /^00\d{6}$/.test(raw) ? raw.slice(2) : raw);
}
