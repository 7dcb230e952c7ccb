import { shownName, unknownFieldError } from './shown-name';

describe('a name an error repeats (DOMAIN.md §3.3)', () => {
  it('repeats a name as clients write them', () => {
    expect(shownName('asKnownAt', 'a parameter')).toBe('asKnownAt');
    expect(unknownFieldError('colour')).toBe('colour: not a field of this request');
  });

  it('repeats no run of digits, and no name with a My Number in it', () => {
    for (const name of ['123456789018', 'x621498320257', 'my_983205673214_field']) {
      expect(shownName(name, 'a parameter')).toBe('a parameter');
      expect(unknownFieldError(name)).not.toContain(name);
    }
  });

  it('repeats a name with twelve digits that are no My Number', () => {
    expect(shownName('x123456789012', 'a parameter')).toBe('x123456789012');
  });
});
