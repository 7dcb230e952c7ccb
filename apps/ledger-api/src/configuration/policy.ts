/** The LedgerPolicy the service decides and answers with (LEDGER_POLICY_FILE, DOMAIN.md §8). */
export const LEDGER_POLICY = Symbol('LedgerPolicy');
