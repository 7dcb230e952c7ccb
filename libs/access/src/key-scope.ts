import { type Principal } from './principal';

/** An insurer-clerk acts only for the insurers on its key; other roles are not bound to insurers. */
export const mayActFor = (principal: Principal, insurerNumber: string): boolean =>
  principal.role !== 'insurer-clerk' || (principal.insurers ?? []).some((insurer) => insurer === insurerNumber);

/**
 * A medical-institution key naming its institutions checks only as one of them: the code a check is
 * recorded under (R40) is then the key's, not whatever the request says.
 */
export const mayCheckAs = (principal: Principal, medicalInstitutionCode: string): boolean =>
  principal.medicalInstitutions === undefined ||
  principal.medicalInstitutions.some((code) => code === medicalInstitutionCode);
