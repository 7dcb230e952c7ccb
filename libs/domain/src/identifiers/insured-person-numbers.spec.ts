import {
  parseAskedNumber,
  parseAskedSymbol,
  parseBranchNumber,
  parseInsuredNumber,
  parseInsuredSymbol,
} from './insured-person-numbers';

describe('symbol, number and branch', () => {
  it('accept digits, letters (half- or full-width) and kanji', () => {
    for (const text of ['1234', 'AB12', '国保', '記号１２', 'ＡＢ']) {
      expect(parseInsuredSymbol(text)).toEqual({ ok: true, value: text });
      expect(parseInsuredNumber(text)).toEqual({ ok: true, value: text });
    }
  });

  it('refuse more than 38 bytes in UTF-8 (13 kanji is 39 bytes)', () => {
    expect(parseInsuredSymbol('一'.repeat(12)).ok).toBe(true);
    expect(parseInsuredNumber('9'.repeat(38)).ok).toBe(true);
    expect(parseInsuredSymbol('一'.repeat(13))).toEqual({ ok: false, reason: 'symbol must be at most 38 bytes' });
    expect(parseInsuredNumber('9'.repeat(39))).toEqual({ ok: false, reason: 'number must be at most 38 bytes' });
  });

  it('refuse empty values, punctuation and non-strings', () => {
    expect(parseInsuredSymbol('')).toEqual({ ok: false, reason: 'symbol must be a non-empty string' });
    expect(parseInsuredNumber(12)).toEqual({ ok: false, reason: 'number must be a non-empty string' });
    expect(parseInsuredNumber('12-34')).toEqual({ ok: false, reason: 'number may hold only digits, letters or kanji' });
    expect(parseInsuredSymbol('ab cd').ok).toBe(false);
  });

  it('refuse a My Number, in ASCII or full-width digits, and keep other twelve digits (§3.3)', () => {
    for (const myNumber of ['123456789018', '６２１４９８３２０２５７']) {
      expect(parseInsuredSymbol(myNumber)).toEqual({
        ok: false,
        reason: 'symbol must not be a My Number (DOMAIN.md §3.3)',
      });
      expect(parseInsuredNumber(myNumber)).toEqual({
        ok: false,
        reason: 'number must not be a My Number (DOMAIN.md §3.3)',
      });
    }
    for (const other of ['123456789019', '1234567890180', '12345678901']) {
      expect(parseInsuredNumber(other)).toEqual({ ok: true, value: other });
    }
  });

  it('§3.3: take a My Number-like number a clinic asks with: a person enrolled under it before must be found', () => {
    expect(parseAskedNumber('123456789018')).toEqual({ ok: true, value: '123456789018' });
    expect(parseAskedSymbol('123456789018')).toEqual({ ok: true, value: '123456789018' });
    expect(parseAskedNumber('12-34')).toEqual({ ok: false, reason: 'number may hold only digits, letters or kanji' });
  });

  it('branch is two digits 00 to 99', () => {
    for (const text of ['00', '01', '99']) expect(parseBranchNumber(text)).toEqual({ ok: true, value: text });
    for (const raw of ['1', '001', '０１', 1, 'a1']) {
      expect(parseBranchNumber(raw)).toEqual({ ok: false, reason: 'branch must be two digits, 00 to 99' });
    }
  });
});
