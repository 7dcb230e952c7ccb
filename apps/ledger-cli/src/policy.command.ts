import { Command } from 'nest-commander';
import { LedgerCommand } from './ledger-command';
import { policyOfEnvironment } from './policy-of-environment';

/** Auditors write down which dates and limits a ledger decided with; this prints them. */
@Command({
  name: 'policy',
  description:
    'Print the dates and limits the ledger decides with as JSON.\n' +
    'The cutover, the legacy-card caps and the rest: the defaults, with what the JSON file ' +
    'LEDGER_POLICY_FILE names, if set, in their place.\n' +
    'Example: npm run -s ledger -- policy',
})
export class PolicyCommand extends LedgerCommand {
  run(): Promise<void> {
    process.stdout.write(`${JSON.stringify(policyOfEnvironment(), null, 2)}\n`);
    return Promise.resolve();
  }
}
