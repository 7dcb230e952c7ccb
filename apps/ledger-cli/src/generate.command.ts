import { generateHistories, toBatchLine } from '@ledger/synthetic';
import { InvalidArgumentError } from 'commander';
import { Command, Option } from 'nest-commander';
import { once } from 'node:events';
import { LedgerCommand } from './ledger-command';
import { policyOfEnvironment } from './policy-of-environment';

interface GenerateOptions {
  readonly persons: number;
  readonly seed: number;
}

/**
 * Decimal digits only: `Number` would also take "", "0x10" and "1e2", and a seed written in another
 * notation than the one a reader sees must not pass for it. Commander reports an InvalidArgumentError
 * as a usage error (exit 2), naming the option.
 */
function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new InvalidArgumentError('must be a whole number in decimal digits.');
  }
  return parsed;
}

const maxSeed = 2 ** 32 - 1;

/**
 * Synthetic histories as NDJSON batch commands on stdout, for tests, benchmarks and demos, decided
 * under LEDGER_POLICY_FILE's policy as `ledger import` and the API decide them.
 */
@Command({
  name: 'generate',
  description:
    'Write synthetic, seeded histories as NDJSON batch commands to stdout.\nExample: npm run -s ledger -- generate --persons 1000 --seed 42 > commands.ndjson',
})
export class GenerateCommand extends LedgerCommand {
  async run(_: string[], options: GenerateOptions): Promise<void> {
    const policy = policyOfEnvironment();
    let sequence = 0;
    for (const generated of generateHistories(options.persons, options.seed, { policy })) {
      const line = `${toBatchLine(generated, `${generated.personId}-${(sequence += 1)}`)}\n`;
      // Respect back-pressure: millions of lines must not pile up in memory.
      if (!process.stdout.write(line)) await once(process.stdout, 'drain');
    }
  }

  @Option({ flags: '--persons <count>', description: 'how many persons', defaultValue: 100 })
  parsePersons(value: string): number {
    return wholeNumber(value);
  }

  @Option({ flags: '--seed <number>', description: `seed of the generator, 0 to ${maxSeed}`, defaultValue: 1 })
  parseSeed(value: string): number {
    const seed = wholeNumber(value);
    // The generator keeps 32 bits of state: a larger seed would give the histories of a smaller one.
    if (seed > maxSeed) throw new InvalidArgumentError(`must be at most ${maxSeed}.`);
    return seed;
  }
}
