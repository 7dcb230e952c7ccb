import { containsMyNumber, type Parsed } from '@ledger/domain';
import { InvalidArgumentError } from 'commander';

/** A domain parser as an option parser: commander reports the reason as a usage error (exit 2), naming the option. */
export function optionValue<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.reason}.`);
  return parsed.value;
}

/** Who acts, as recorded on each event it writes: an empty name would leave the record without a person. */
export function actorName(value: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidArgumentError('must name who acts: it is recorded in the ledger.');
  // Recorded on each event and shown in every audit export (DOMAIN.md §3.3).
  if (containsMyNumber(name)) throw new InvalidArgumentError('must not hold a My Number (DOMAIN.md §3.3).');
  return name;
}
