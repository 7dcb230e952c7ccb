import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { type Role } from './role';

/** The caller a request was authenticated as: never the key itself, only what it grants. */
export interface Principal {
  /** Stable id of the credential, safe to log and to record as the actor: `jwt:<sub>` for an identity provider's token. */
  readonly keyId: string;
  readonly role: Role;
  /** The insurers an `insurer-clerk` acts for; absent for roles that are not bound to insurers. */
  readonly insurers?: readonly InsurerNumber[];
  /** The institutions a `medical-institution` key checks as; absent when it may check as any. */
  readonly medicalInstitutions?: readonly MedicalInstitutionCode[];
  /** When an identity provider's token stops working (epoch ms); absent for an API key, which works until revoked. */
  readonly expiresAt?: number;
}

/** Whether the credential still works: a token until it expires, a key until it is revoked, which the key store knows. */
export const credentialUsable = (
  principal: Principal,
  keyUsable: (keyId: string) => boolean,
  now: number = Date.now(),
): boolean => (principal.expiresAt !== undefined ? now < principal.expiresAt : keyUsable(principal.keyId));
