import { type Principal } from '@ledger/access';

/** Who read, as recorded in an access event's metadata (R40): the credential's id and role, never the key. */
export const actorOf = (principal: Principal) => ({
  role: principal.role,
  keyId: principal.keyId,
  ...(principal.insurers !== undefined && { insurers: principal.insurers }),
});
