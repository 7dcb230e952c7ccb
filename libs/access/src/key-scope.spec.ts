import { type MedicalInstitutionCode } from '@ledger/domain';
import { mayActFor, mayCheckAs } from './key-scope';
import { type Principal } from './principal';

describe('mayActFor (insurer scope)', () => {
  it('an insurer-clerk whose insurers are missing acts for no insurer', () => {
    const legacyClerk: Principal = { keyId: 'k1', role: 'insurer-clerk' };
    expect(mayActFor(legacyClerk, '138057')).toBe(false);
  });
});

describe('mayCheckAs (medical institution scope)', () => {
  const code = '0110113719' as MedicalInstitutionCode;

  it('a key naming its institutions checks only as one of them', () => {
    const clinic: Principal = { keyId: 'k2', role: 'medical-institution', medicalInstitutions: [code] };
    expect(mayCheckAs(clinic, code)).toBe(true);
    expect(mayCheckAs(clinic, '1310000010')).toBe(false);
  });

  it('a key naming none checks as any institution, as a gateway does', () => {
    expect(mayCheckAs({ keyId: 'k3', role: 'medical-institution' }, code)).toBe(true);
  });
});
