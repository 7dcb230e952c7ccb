import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { type Principal } from './principal';
import { type Role } from './role';

/** What a key grants: its role, and the insurers or institutions it is bound to, a list given only when there is one. */
export type KeyScope = Pick<Principal, 'role' | 'insurers' | 'medicalInstitutions'>;

/** A scope with only the lists given: an absent list is no field at all, not one that holds undefined. */
export const scopeOf = (
  role: Role,
  insurers: readonly InsurerNumber[] | undefined,
  medicalInstitutions: readonly MedicalInstitutionCode[] | undefined,
): KeyScope => ({ role, ...(insurers && { insurers }), ...(medicalInstitutions && { medicalInstitutions }) });

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
