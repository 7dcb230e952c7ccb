import { defaultPolicy, type LedgerPolicy, parsePolicy } from '@ledger/domain';
import { readFileSync } from 'node:fs';

/**
 * The policy an insurer keeps in the JSON file LEDGER_POLICY_FILE names (DOMAIN.md §8), or the
 * law's defaults without one. The API and the CLI decide with the same file; a file that cannot be
 * read or says something wrong stops them, naming the file and the field.
 */
export function loadPolicy(path: string | undefined): LedgerPolicy {
  if (path === undefined || path === '') return defaultPolicy;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`LEDGER_POLICY_FILE ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`LEDGER_POLICY_FILE ${path} is not JSON`);
  }
  try {
    return parsePolicy(raw);
  } catch (error) {
    throw new Error(`LEDGER_POLICY_FILE ${path}: ${(error as Error).message}`, { cause: error });
  }
}
