import { CommandRunner } from 'nest-commander';
import { exitAfterCommander } from './exit-codes';

export type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/**
 * Every ledger command extends this: nest-commander overrides the exit of the top-level
 * program only, so a usage error inside a command would otherwise exit 1, like a finding. An
 * argument a command does not take is a usage error: commander would drop it, and `ledger verify
 * <dir>` would verify ./data and say it is intact, `ledger import a.ndjson b.ndjson` import a only.
 */
export abstract class LedgerCommand extends CommandRunner {
  override setCommand(command: CommanderCommand): this {
    return super.setCommand(command.exitOverride(exitAfterCommander).allowExcessArguments(false));
  }
}
