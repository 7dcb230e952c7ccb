import { type Principal } from '@ledger/access';

/** Who read, as recorded in an access event's metadata (R40): the credential's id and role, never the key. */
export const actorOf = (principal: Principal, insurerNumber?: string) => ({
  keyId: principal.keyId,
  role: principal.role,
  ...(principal.role === 'insurer-clerk' && insurerNumber !== undefined && { insurerNumber }),
});
