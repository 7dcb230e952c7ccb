import { type Principal } from './principal';

/** An insurer-clerk acts only for the insurers on its key; other roles are not bound to insurers. */
export const mayActFor = (principal: Principal, insurerNumber: string): boolean =>
  principal.role !== 'insurer-clerk' || (principal.insurers ?? []).some((insurer) => insurer === insurerNumber);
