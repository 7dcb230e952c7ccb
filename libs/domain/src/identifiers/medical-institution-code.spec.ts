import fc from 'fast-check';
import { changeDigit, digits, prefectureCode, singleDigitChange } from './check-digit.test-kit';
import { luhnCheckDigit } from './luhn';
import { feeTableOf, parseMedicalInstitutionCode } from './medical-institution-code';

const withCheckDigit = (body: string) => body + String(luhnCheckDigit(body));
const validCode = fc
  .tuple(prefectureCode, fc.constantFrom('1', '3', '4', '6'), digits(6))
  .map(([prefecture, feeTable, rest]) => withCheckDigit(prefecture + feeTable + rest));

describe('medical institution code', () => {
  it('accepts the test vector of DOMAIN.md §3.4 and tells its fee table', () => {
    const parsed = parseMedicalInstitutionCode('0110113719');
    expect(parsed).toEqual({ ok: true, value: '0110113719' });
    if (parsed.ok) expect(feeTableOf(parsed.value)).toBe('medical');
  });

  it('refuses anything but 10 ASCII digits', () => {
    for (const raw of ['011011371', '01101137190', '011011371a', '０１１０１１３７１９', 110113719, null]) {
      expect(parseMedicalInstitutionCode(raw)).toEqual({
        ok: false,
        reason: 'medical institution code must be 10 digits',
      });
    }
  });

  it('refuses a prefecture outside 01 to 47 or an unknown fee table even with a right check digit', () => {
    for (const body of ['001011371', '481011371']) {
      expect(parseMedicalInstitutionCode(withCheckDigit(body))).toEqual({
        ok: false,
        reason: 'medical institution code must start with a prefecture 01 to 47',
      });
    }
    for (const feeTable of ['0', '2', '5', '7', '8', '9']) {
      expect(parseMedicalInstitutionCode(withCheckDigit(`01${feeTable}011371`))).toEqual({
        ok: false,
        reason: 'medical institution code fee-table digit must be 1, 3, 4 or 6',
      });
    }
  });

  it('refuses a wrong check digit', () => {
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
      const parsed = parseMedicalInstitutionCode(withCheckDigit(`01${digit}011371`));
      expect(parsed.ok && feeTableOf(parsed.value)).toBe(table);
    }
  });

  it('accepts generated codes unchanged and rejects every single-digit change of them', () => {
    fc.assert(
      fc.property(validCode, singleDigitChange(10), (code, { position, shift }) => {
        expect(parseMedicalInstitutionCode(code)).toEqual({ ok: true, value: code });
        expect(parseMedicalInstitutionCode(changeDigit(code, position, shift)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
