import fc from 'fast-check';
import { changeDigit, digits, singleDigitChange } from './check-digit.test-kit';
import {
  isMyNumber,
  isMyNumberKey,
  isWrittenMyNumber,
  myNumberCheckDigit,
  parseMyNumber,
  withoutMyNumbers,
} from './my-number';

const weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const remainderOf = (first11: string) =>
  weights.reduce((sum, weight, index) => sum + weight * Number(first11[index]), 0) % 11;
const withCheckDigit = (body: string) => body + String(myNumberCheckDigit(body));
const reasons = ['My Number must be 12 digits', 'My Number check digit is wrong'];

describe('My Number', () => {
  it('accepts the test vectors of DOMAIN.md §3.3', () => {
    for (const text of ['123456789018', '621498320257', '983205673214'])
      expect(parseMyNumber(text)).toEqual({ ok: true, value: text });
  });

  it('refuses wrong lengths, non-digits, full-width digits and non-strings', () => {
    for (const raw of [
      '',
      '12345678901',
      '1234567890180',
      '12345678901a',
      '１２３４５６７８９０１８',
      123456789018,
      null,
    ]) {
      expect(parseMyNumber(raw)).toEqual({ ok: false, reason: 'My Number must be 12 digits' });
    }
  });

  it('refuses a wrong check digit', () => {
    expect(parseMyNumber('123456789019')).toEqual({ ok: false, reason: 'My Number check digit is wrong' });
  });

  it('never repeats the input in a reason: every reason is one of two fixed sentences', () => {
    fc.assert(
      fc.property(fc.oneof(digits(12), fc.string({ unit: fc.constantFrom(...'0123456789１a') })), (raw) => {
        const parsed = parseMyNumber(raw);
        if (!parsed.ok) expect(reasons).toContain(parsed.reason);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every generated number with its check digit, unchanged', () => {
    fc.assert(
      fc.property(digits(11), (body) =>
        expect(parseMyNumber(withCheckDigit(body))).toEqual({ ok: true, value: withCheckDigit(body) }),
      ),
    );
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

  it('the exception is real: 000000000000 (r = 0) and 200000000000 (r = 1) are both valid', () => {
    expect(remainderOf('00000000000')).toBe(0);
    expect(remainderOf('20000000000')).toBe(1);
    expect(parseMyNumber('000000000000').ok).toBe(true);
    expect(parseMyNumber('200000000000').ok).toBe(true);
  });

  it('knows a My Number field however another system spells it, and nothing else', () => {
    for (const key of ['myNumber', 'my_number', 'MyNumber', 'MY-NUMBER', 'my number'])
      expect(isMyNumberKey(key)).toBe(true);
    for (const key of ['number', 'myNumbers', 'mynumberHash', 'insuredNumber', 'my__number']) {
      expect(isMyNumberKey(key)).toBe(false);
    }
  });

  it('redacts each My Number standing in a text, and no other run of digits', () => {
    expect(withoutMyNumbers('no document 123456789018 was issued; expected revision 621498320257')).toBe(
      'no document [redacted] was issued; expected revision [redacted]',
    );
    expect(withoutMyNumbers('Cannot GET /v1/x983205673214?y=1')).toBe('Cannot GET /v1/x[redacted]?y=1');
    // Run together, they are read inside a longer token too: a stream name holds one that way.
    expect(
      withoutMyNumbers('insured-12345678-123456789018, S-123456789018, 550e8400-e29b-41d4-a716-123456789018'),
    ).toBe('insured-12345678-[redacted], S-[redacted], 550e8400-e29b-41d4-a716-[redacted]');
    // Twelve digits that fail the check, and a longer number that holds twelve valid ones, stay.
    expect(withoutMyNumbers('position 123456789012, 1234567890180')).toBe('position 123456789012, 1234567890180');
  });

  it('§3.3: redacts a My Number written as on the card, in groups of four, or in full-width digits', () => {
    for (const written of [
      '1234-5678-9018',
      '1234 5678 9018',
      '１２３４５６７８９０１８',
      '６２１４−９８３２−０２５７',
    ]) {
      expect(withoutMyNumbers(`個人番号 ${written} です`)).toBe('個人番号 [redacted] です');
    }
    // Grouped digits that fail the check stay, and so do groups inside a longer token.
    expect(withoutMyNumbers('1234-5678-9012, 2025-1201-1000')).toBe('1234-5678-9012, 2025-1201-1000');
    for (const kept of ['3f2a9c1e-2024-4123-8004-a1b2c3d4e5f6', 'S-1234-5678-9018', '1234-5678-9018-7']) {
      expect(withoutMyNumbers(kept)).toBe(kept);
    }
  });

  it.each([
    ['underscores', '1234_5678_9018', true],
    ['no-break spaces', '1234\u00A05678\u00A09018', true],
    ['zero-width spaces', '1234\u200B5678\u200B9018', true],
    ['soft hyphens', '1234\u00AD5678\u00AD9018', true],
    ['tabs', '1234\t5678\t9018', true],
    ['the katakana prolonged sound mark typed for a hyphen', '6214ー9832ー0257', true],
    ['the katakana middle dot', '1234・5678・9018', true],
    ['dots between groups of four', '1234.5678.9018', true],
    ['doubled hyphens', '6214--9832--0257', false],
    ['mixed separators', '1234-5678 9018', false],
    ['an en dash and a full-width low line', '1234\u20135678\uFF3F9018', false],
    ['groups of another size', '12-3456-7890-18', false],
    ['eight and four', '12345678-9018', false],
  ])(
    '§3.3: redacts a My Number written with %s in a text; as an id, only in the card’s groups of four',
    (_, written, asId) => {
      expect(withoutMyNumbers(`番号 ${written} です`)).toBe('番号 [redacted] です');
      expect(isWrittenMyNumber(written)).toBe(asId);
    },
  );

  it('§3.3: takes ids of a date and a serial as ids, though their twelve digits pass the check', () => {
    // 202504010009 and 202504000003 are valid My Numbers; refused as ids, persons stored under them would be lost.
    for (const id of ['20250401-0009', '202504-000003']) {
      expect(isMyNumber(id.replace(/\D/g, ''))).toBe(true);
      expect(isWrittenMyNumber(id)).toBe(false);
    }
  });

  it('§3.3: redacts a split My Number after a word, as in an English sentence', () => {
    expect(withoutMyNumbers('My Number 1234 5678 9018, card 6214-9832-0257.')).toBe(
      'My Number [redacted], card [redacted].',
    );
  });

  it('§3.3: keeps what only looks like a split My Number: an IP address, a decimal, a time, a longer number', () => {
    // Their first twelve digits, run together, are valid My Numbers: 192168100104, 123456789018, 202504011005.
    for (const kept of ['192.168.100.104', '12345678.9018', '2025-04-01 10:05', '2025-04-01 1005 7']) {
      expect(withoutMyNumbers(kept)).toBe(kept);
    }
  });
});
