import { accepted, isWrittenMyNumber, type Parsed, rejected } from '@ledger/domain';

const clientToken = /^[\x21-\x7e]{1,128}$/;

/**
 * A token a client names its request by: an idempotency key, a correlation or causation id. It is
 * kept in hash-chained metadata for good and repeated in answers, so it is 1-128 printable ASCII
 * characters and never a My Number (DOMAIN.md §3.3). No space: HTTP trims a header's value, so a
 * key with spaces at its ends would not be the key the client keeps. `name` is how the client sent it.
 */
export function parseClientToken(raw: unknown, name: string): Parsed<string> {
  if (typeof raw !== 'string' || !clientToken.test(raw)) {
    return rejected(`${name} must be 1 to 128 printable ASCII characters, no space`);
  }
  if (isWrittenMyNumber(raw)) return rejected(`${name} must not be a My Number (DOMAIN.md §3.3)`);
  return accepted(raw);
}
