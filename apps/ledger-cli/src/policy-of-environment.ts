import { type LedgerPolicy } from '@ledger/domain';
import { loadPolicy } from '@ledger/ledger';
import { UsageError } from './exit-codes';

/** LEDGER_POLICY_FILE's policy, as the API reads it; a file that cannot be read or is wrong is a usage error naming it. */
export function policyOfEnvironment(): LedgerPolicy {
  try {
    return loadPolicy(process.env.LEDGER_POLICY_FILE);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
