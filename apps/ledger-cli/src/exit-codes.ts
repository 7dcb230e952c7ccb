/** What `ledger` exits with, for scripts: 1 covers a finding (e.g. a broken chain) as well as a failure. */
export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;

/** A value or a setting the command cannot work with: exits 2, like a usage error of commander's own. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Commander ends help and --version with 0 and every usage error with 1; a usage error must read as 2. */
export function exitAfterCommander(outcome: Error & { exitCode?: number }): never {
  process.exit(outcome.exitCode === exitCodes.ok ? exitCodes.ok : exitCodes.usage);
}
