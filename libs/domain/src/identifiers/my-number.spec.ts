import fc from 'fast-check';
import { changeDigit, digits, singleDigitChange } from './check-digit.test-kit';
import { myNumberCheckDigit, parseMyNumber } from './my-number';

const weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const remainderOf = (first11: string) =>
  weights.reduce((sum, weight, index) => sum + weight * Number(first11[index]), 0) % 11;
const withCheckDigit = (body: string) => body + String(myNumberCheckDigit(body));

describe('My Number', () => {
  it('accepts the test vectors of DOMAIN.md §3.3', () => {
    for (const text of ['123456789018', '621498320257', '983205673214'])
      expect(parseMyNumber(text)).toEqual({ ok: true, value: text });
  });

  it('refuses wrong lengths, non-digits and wrong check digits without repeating the digits', () => {
    for (const raw of ['123456789019', '12345678901', '12345678901a', 123456789018]) {
      const parsed = parseMyNumber(raw);
      expect(parsed.ok).toBe(false);
      expect(JSON.stringify(parsed)).not.toMatch(/\d{4}/);
    }
  });

  it('rejects every single-digit change, except one that moves the remainder between 0 and 1 (both give check digit 0)', () => {
    fc.assert(
      fc.property(digits(11), singleDigitChange(12), (body, { position, shift }) => {
        const changed = changeDigit(withCheckDigit(body), position, shift);
        const undetectable =
          position < 11 && [0, 1].includes(remainderOf(body)) && [0, 1].includes(remainderOf(changed.slice(0, 11)));
        expect(parseMyNumber(changed).ok).toBe(undetectable);
      }),
      { numRuns: 5000 },
    );
  });

  it('the undetectable case is real: 000000000000 and 200000000000 are both valid', () => {
    expect(parseMyNumber('000000000000').ok).toBe(true);
    expect(parseMyNumber('200000000000').ok).toBe(true);
  });
});
