import fc from 'fast-check';
import { changeDigit, digits, prefectureCode, singleDigitChange } from './check-digit.test-kit';
import {
  insuranceSchemeOf,
  type InsurerNumber,
  isInsurerNumber,
  lawCodeOf,
  parseInsurerNumber,
  toEightDigitInsurerNumber,
  parsePaddedInsurerNumber,
} from './insurer-number';
import { luhnCheckDigit } from './luhn';

const valid = (text: string): InsurerNumber => {
  const parsed = parseInsurerNumber(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};
const withCheckDigit = (body: string) => body + String(luhnCheckDigit(body));

const validInsurerNumber = {
  6: fc.tuple(prefectureCode, digits(3)).map(([prefecture, insurer]) => withCheckDigit(prefecture + insurer)),
  8: fc
    .tuple(
      digits(2).filter((lawCode) => lawCode !== '00'),
      prefectureCode,
      digits(3),
    )
    .map(([lawCode, prefecture, insurer]) => withCheckDigit(lawCode + prefecture + insurer)),
};

describe('insurer number', () => {
  it('accepts the valid test vectors of DOMAIN.md §3.1 as given', () => {
    for (const text of ['33120015', '06050116', '123455'])
      expect(parseInsurerNumber(text)).toEqual({ ok: true, value: text });
  });

  it('refuses the invalid test vectors because of their check digit', () => {
    for (const text of ['123456', '06123456']) {
      expect(parseInsurerNumber(text)).toEqual({ ok: false, reason: 'insurer number check digit is wrong' });
    }
  });

  it('refuses other lengths, non-digits, full-width digits and non-strings', () => {
    for (const raw of [
      '',
      '12345',
      '1234567',
      '331200150',
      '3312001a',
      '３３１２００１５',
      ' 123455',
      33120015,
      null,
    ]) {
      expect(parseInsurerNumber(raw)).toEqual({ ok: false, reason: 'insurer number must be 6 or 8 digits' });
    }
    expect(isInsurerNumber(undefined)).toBe(false);
  });

  it('refuses a prefecture outside 01 to 47 even with a right check digit', () => {
    for (const body of ['00123', '48123', '0600123', '0648123']) {
      expect(parseInsurerNumber(withCheckDigit(body))).toEqual({
        ok: false,
        reason: 'insurer number prefecture must be 01 to 47',
      });
    }
  });

  it('recognises the scheme: 6 digits NHI, law code 39 late-elderly, other 8 digits employee plans', () => {
    expect(insuranceSchemeOf(valid('123455'))).toBe('national-health-insurance');
    expect(lawCodeOf(valid('123455'))).toBeUndefined();
    expect(insuranceSchemeOf(valid('39130018'))).toBe('late-elderly');
    expect(lawCodeOf(valid('39130018'))).toBe('39');
    expect(insuranceSchemeOf(valid('06050116'))).toBe('employee');
    expect(lawCodeOf(valid('06050116'))).toBe('06');
  });

  it('pads to 8 digits only on request (FHIR JP Core)', () => {
    expect(toEightDigitInsurerNumber(valid('123455'))).toBe('00123455');
    expect(toEightDigitInsurerNumber(valid('33120015'))).toBe('33120015');
  });

  it('refuses a six-digit number padded to 8 digits, which would be a second number for one insurer', () => {
    expect(parseInsurerNumber('00123455')).toEqual({
      ok: false,
      reason: 'insurer number has no law code 00: write a municipal NHI number in its six digits',
    });
  });

  it('reads a number a clinic padded to 8 digits as the six it pads; other numbers stay as they are', () => {
    fc.assert(
      fc.property(validInsurerNumber[6], (text) => {
        expect(parsePaddedInsurerNumber(toEightDigitInsurerNumber(valid(text)))).toEqual({ ok: true, value: text });
        expect(parsePaddedInsurerNumber(text)).toEqual({ ok: true, value: text });
      }),
    );
    expect(parsePaddedInsurerNumber('06050116')).toEqual({ ok: true, value: '06050116' });
    expect(parsePaddedInsurerNumber('00123456').ok).toBe(false);
  });

  for (const length of [6, 8] as const) {
    it(`accepts every generated ${length}-digit number with its check digit, unchanged`, () => {
      fc.assert(
        fc.property(validInsurerNumber[length], (text) =>
          expect(parseInsurerNumber(text)).toEqual({ ok: true, value: text }),
        ),
      );
    });

    it(`rejects every single-digit change of a valid ${length}-digit number`, () => {
      fc.assert(
        fc.property(validInsurerNumber[length], singleDigitChange(length), (text, { position, shift }) => {
          expect(isInsurerNumber(changeDigit(text, position, shift))).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  }
});
