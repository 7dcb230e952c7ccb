import { type CommanderCommand, LedgerCommand } from './ledger-command';
import { UsageError } from './exit-codes';

/**
 * A command that only groups others (`keys`, `audit`). What follows it must name one of them:
 * commander would call a misspelt one an argument too many, or refuse the subcommand's options
 * first (`keys lst --data-dir d`: "unknown option '--data-dir'"), so both reach `run` instead.
 */
export abstract class LedgerCommandGroup extends LedgerCommand {
  override setCommand(command: CommanderCommand): this {
    super.setCommand(command);
    command.allowUnknownOption().allowExcessArguments(true);
    return this;
  }

  run([given]: string[]): Promise<void> {
    const group = this.command.name();
    const names = this.command.commands.map((each) => each.name());
    const choices = `${names.slice(0, -1).join(', ')}${names.length > 1 ? ' or ' : ''}${names.at(-1)}`;
    const reason =
      given === undefined || given.startsWith('-')
        ? `${group} needs a subcommand`
        : // Not repeated: it may be a key given without `revoke` before it.
          `${group} has no subcommand of the name given`;
    return Promise.reject(new UsageError(`${reason}: ${choices} (see ledger ${group} --help)`));
  }
}
