import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { type Role } from './role';

/** The caller a request was authenticated as: never the key itself, only what it grants. */
export interface Principal {
  /** Stable id of the credential, safe to log and to record as the actor. */
  readonly keyId: string;
  readonly role: Role;
  /** The insurers an `insurer-clerk` acts for; absent for roles that are not bound to insurers. */
  readonly insurers?: readonly InsurerNumber[];
  /** The institutions a `medical-institution` key checks as; absent when it may check as any. */
  readonly medicalInstitutions?: readonly MedicalInstitutionCode[];
}
