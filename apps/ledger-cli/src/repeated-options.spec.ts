import { Command, CommanderError } from 'commander';
import { refuseRepeatedOptions } from './repeated-options';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A program as nest-commander builds one: a subcommand with options, errors thrown instead of exiting. */
function program(): { root: Command; seen: () => Record<string, unknown> } {
  const root = new Command('ledger').exitOverride();
  const create = new Command('create')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .option('--role <role>')
    .option('--insurer <number>', 'repeatable', collect)
    .option('--json')
    .action(() => undefined);
  root.addCommand(new Command('keys').exitOverride().addCommand(create));
  refuseRepeatedOptions(root, new Set(['keys create --insurer']));
  return { root, seen: () => create.opts() };
}

describe('options given more than once', () => {
  it('refuses an option of one value given twice, naming it, in a nested command', () => {
    const { root } = program();
    const parse = () => root.parse(['keys', 'create', '--role', 'auditor', '--role', 'admin'], { from: 'user' });
    expect(parse).toThrow(CommanderError);
    expect(parse).toThrow("option '--role <role>' is given more than once; give it once");
  });

  it('takes an option whose parser collects the values, and a flag, as often as they are given', () => {
    const { root, seen } = program();
    root.parse(['keys', 'create', '--insurer', '123455', '--insurer', '138057', '--json', '--json', '--role', 'x'], {
      from: 'user',
    });
    expect(seen()).toEqual({ insurer: ['123455', '138057'], json: true, role: 'x' });
  });
});
