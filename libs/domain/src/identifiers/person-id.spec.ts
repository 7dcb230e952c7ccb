import { parsePersonId } from './person-id';

describe('person id', () => {
  it('accepts 1 to 64 of A-Z, a-z, 0-9, _ and -', () => {
    for (const text of ['P', 'P-0001_a', 'x'.repeat(64), '0195a1c0-7d7e-7000-8000-000000000000']) {
      expect(parsePersonId(text)).toEqual({ ok: true, value: text });
    }
  });

  it('refuses empty, too long, other characters and non-strings, naming the field', () => {
    for (const raw of ['', 'x'.repeat(65), 'a/b', 'a b', '山田', 'Ａ1', 7, null]) {
      expect(parsePersonId(raw)).toEqual({
        ok: false,
        reason: 'personId must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -',
      });
    }
  });

  it('refuses a My Number, without repeating it (DOMAIN.md §3.3)', () => {
    for (const myNumber of ['123456789018', '621498320257', '983205673214', '1234-5678-9018']) {
      expect(parsePersonId(myNumber)).toEqual({
        ok: false,
        reason: "personId must not be a My Number (DOMAIN.md §3.3): use the insurer's own id",
      });
    }
  });

  it('accepts twelve digits whose check digit is not a My Number’s', () => {
    expect(parsePersonId('123456789012')).toEqual({ ok: true, value: '123456789012' });
  });
});
