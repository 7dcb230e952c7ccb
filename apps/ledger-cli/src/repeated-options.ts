import { type Command } from 'commander';

/**
 * An option that takes one value and is given twice is a usage error: commander keeps the last one,
 * so `ledger audit export --insurer 123455 --insurer 138057` would export the second insurer's
 * trail without a word about the first. `repeatable` names the options that collect every value
 * given, by command path and long flag (`keys create --insurer`); a flag says the same twice.
 */
export function refuseRepeatedOptions(command: Command, repeatable: ReadonlySet<string>, path = ''): void {
  for (const option of command.options) {
    if (option.isBoolean() || option.variadic || repeatable.has(`${path}${option.long}`)) continue;
    let given = false;
    command.on(`option:${option.name()}`, () => {
      if (given) {
        command.error(`error: option '${option.flags}' is given more than once; give it once`, {
          code: 'ledger.repeatedOption',
        });
      }
      given = true;
    });
  }
  for (const subcommand of command.commands) {
    refuseRepeatedOptions(subcommand, repeatable, `${path}${subcommand.name()} `);
  }
}
