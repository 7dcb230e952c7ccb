import fc from 'fast-check';
import { changeDigit, digits, singleDigitChange } from './check-digit.test-kit';
import { luhnCheckDigit } from './luhn';
import { feeTableOf, parseMedicalInstitutionCode } from './medical-institution-code';

const prefectures = fc.integer({ min: 1, max: 47 }).map((n) => String(n).padStart(2, '0'));
const validCode = fc
  .tuple(prefectures, fc.constantFrom('1', '3', '4', '6'), digits(6))
  .map(([prefecture, feeTable, rest]) => {
    const body = prefecture + feeTable + rest;
    return body + String(luhnCheckDigit(body));
  });

describe('medical institution code', () => {
  it('accepts the test vector of DOMAIN.md §3.4 and tells its fee table', () => {
    const parsed = parseMedicalInstitutionCode('0110113719');
    expect(parsed).toEqual({ ok: true, value: '0110113719' });
    if (parsed.ok) expect(feeTableOf(parsed.value)).toBe('medical');
  });

  it('refuses wrong shapes, prefectures, fee tables and check digits with a reason', () => {
    expect(parseMedicalInstitutionCode('011011371')).toEqual({
      ok: false,
      reason: 'medical institution code must be 10 digits',
    });
    expect(parseMedicalInstitutionCode(110113719)).toMatchObject({ ok: false });
    expect(parseMedicalInstitutionCode('4810113710')).toEqual({
      ok: false,
      reason: 'medical institution code must start with a prefecture 01 to 47',
    });
    expect(parseMedicalInstitutionCode('0120113717')).toEqual({
      ok: false,
      reason: 'medical institution code fee-table digit must be 1, 3, 4 or 6',
    });
    expect(parseMedicalInstitutionCode('0110113718')).toEqual({
      ok: false,
      reason: 'medical institution code check digit is wrong',
    });
  });

  it('tells dental, pharmacy and home nursing apart', () => {
    for (const [digit, table] of [
      ['3', 'dental'],
      ['4', 'pharmacy'],
      ['6', 'home-nursing'],
    ] as const) {
      const body = `01${digit}011371`;
      const parsed = parseMedicalInstitutionCode(body + String(luhnCheckDigit(body)));
      expect(parsed.ok && feeTableOf(parsed.value)).toBe(table);
    }
  });

  it('accepts generated codes and rejects every single-digit change of them', () => {
    fc.assert(
      fc.property(validCode, singleDigitChange(10), (code, { position, shift }) => {
        expect(parseMedicalInstitutionCode(code).ok).toBe(true);
        expect(parseMedicalInstitutionCode(changeDigit(code, position, shift)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
