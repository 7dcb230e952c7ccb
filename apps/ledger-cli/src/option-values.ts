import { type Parsed } from '@ledger/domain';
import { storableText } from '@ledger/ledger';
import { maxLength as isWithinLength } from 'class-validator';
import { InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { UsageError } from './exit-codes';

/** A domain parser as an option parser: commander reports the reason as a usage error (exit 2), naming the option. */
export function optionValue<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.reason}.`);
  return parsed.value;
}

/**
 * A text recorded on events and shown in every audit export (--actor, --reason): refused, as names
 * and addresses are, when blank, holding a control character (an escape sequence would act on the
 * auditor's terminal) or an invisible format character, bytes that were not UTF-8, or a My Number
 * (DOMAIN.md §3.3).
 */
export function recordedText(value: string, maxLength: number): string {
  const parsed = storableText(value);
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.reason}.`);
  // Bounded as a name or an address is: it is copied onto every event an import writes.
  if (!isWithinLength(value, maxLength)) throw new InvalidArgumentError(`must be at most ${maxLength} characters.`);
  return value;
}

/** Longest `--actor`, as long as a person's name may be. */
export const actorMaxLength = 200;
/** Longest `--reason`: a few sentences, a court order's reference among them. */
export const reasonMaxLength = 1000;

/** Who acts, as recorded on each event it writes: an empty name would leave the record without a person. */
export function actorName(value: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidArgumentError('must name who acts: it is recorded in the ledger.');
  return recordedText(name, actorMaxLength);
}

/** `--actor`, else the OS user; a user with no name (an arbitrary uid in a container) must say who acts. */
export function actorOrOsUser(actor: string | undefined): string {
  if (actor !== undefined) return actor;
  try {
    return actorName(userInfo().username);
  } catch {
    throw new UsageError(
      `--actor <name> is needed: the OS user (uid ${process.getuid?.() ?? '?'}) has no name to record`,
    );
  }
}
