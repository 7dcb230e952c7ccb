import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { hasLuhnCheckDigit } from './luhn';
import { isPrefectureCode } from './prefecture';

/** 医療機関コード: prefecture (2), fee table (1), district (2), institution (4), Luhn check (1). */
export type MedicalInstitutionCode = Brand<string, 'MedicalInstitutionCode'>;
export type FeeTable = 'medical' | 'dental' | 'pharmacy' | 'home-nursing';

const feeTables: Readonly<Record<string, FeeTable>> = {
  '1': 'medical',
  '3': 'dental',
  '4': 'pharmacy',
  '6': 'home-nursing',
};

export function parseMedicalInstitutionCode(raw: unknown): Parsed<MedicalInstitutionCode> {
  if (typeof raw !== 'string' || !/^\d{10}$/.test(raw)) return rejected('medical institution code must be 10 digits');
  if (!isPrefectureCode(raw.slice(0, 2)))
    return rejected('medical institution code must start with a prefecture 01 to 47');
  if (!(raw[2]! in feeTables)) return rejected('medical institution code fee-table digit must be 1, 3, 4 or 6');
  if (!hasLuhnCheckDigit(raw)) return rejected('medical institution code check digit is wrong');
  return accepted(raw as MedicalInstitutionCode);
}

export const feeTableOf = (code: MedicalInstitutionCode): FeeTable => feeTables[code[2]!]!;

export const isMedicalInstitutionCode = (raw: unknown): raw is MedicalInstitutionCode =>
  parseMedicalInstitutionCode(raw).ok;
