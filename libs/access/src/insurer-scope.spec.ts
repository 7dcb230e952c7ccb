import { mayActFor } from './insurer-scope';
import { type Principal } from './principal';

describe('mayActFor (insurer scope)', () => {
  it('an insurer-clerk whose insurers are missing acts for no insurer', () => {
    const legacyClerk: Principal = { keyId: 'k1', role: 'insurer-clerk' };
    expect(mayActFor(legacyClerk, '138057')).toBe(false);
  });
});
