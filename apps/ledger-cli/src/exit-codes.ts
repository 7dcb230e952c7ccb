/** What `ledger` exits with, for scripts: 1 covers a finding (e.g. a broken chain) as well as a failure. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

/** Commander ends help and --version with 0 and every usage error with 1; a usage error must read as 2. */
export function exitAfterCommander(outcome: Error & { exitCode?: number }): never {
  process.exit(outcome.exitCode === exitCodes.ok ? exitCodes.ok : exitCodes.usage);
}
