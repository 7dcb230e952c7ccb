import { defaultPolicy } from '@ledger/domain';
import { Command } from 'nest-commander';
import { LedgerCommand } from './ledger-command';

/** Auditors write down which dates and limits a ledger decided with; this prints them. */
@Command({
  name: 'policy',
  description:
    'Print the dates and limits the ledger decides with (cutover, legacy-card caps, ...) as JSON.\n' +
    'Example: npm run ledger -- policy',
})
export class PolicyCommand extends LedgerCommand {
  run(): Promise<void> {
    process.stdout.write(`${JSON.stringify(defaultPolicy, null, 2)}\n`);
    return Promise.resolve();
  }
}
