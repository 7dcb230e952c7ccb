import { type Parsed } from '@ledger/domain';
import { InvalidArgumentError } from 'commander';

/** A domain parser as an option parser: commander reports the reason as a usage error (exit 2), naming the option. */
export function optionValue<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.reason}.`);
  return parsed.value;
}
