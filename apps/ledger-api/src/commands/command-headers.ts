import { BadRequestException } from '@nestjs/common';
import { naming, parseClientToken } from '@ledger/ledger';

export function requireIdempotencyKey(header: string | undefined): string {
  if (header === undefined) {
    throw new BadRequestException([
      'Idempotency-Key: the header is required, 1 to 128 printable ASCII characters, no space, no My Number',
    ]);
  }
  return clientToken(header, 'Idempotency-Key');
}

/**
 * Correlation-Id / Causation-Id: optional, but when sent they go into every event's hash-chained
 * metadata, so they follow the Idempotency-Key's rule.
 */
export function traceIdOf(header: string | undefined, name: 'Correlation-Id' | 'Causation-Id'): string | undefined {
  return header === undefined ? undefined : clientToken(header, name);
}

function clientToken(header: string, name: string): string {
  const parsed = parseClientToken(header, name);
  if (!parsed.ok) throw new BadRequestException([naming(name, parsed.reason)]);
  return parsed.value;
}

/**
 * `If-Match: 3` or `If-Match: "3"`: the stream revision the client last saw; -1 for a person with no
 * stream yet. A weak tag (`W/"3"`) is refused: If-Match compares strongly (RFC 9110 §13.1.1), and
 * the ledger gives no tags that a weak one could stand for.
 */
export function expectedRevisionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:(-1|\d{1,15})|"(-1|\d{1,15})")\s*$/.exec(header);
  if (!match) {
    throw new BadRequestException(['If-Match: must be a stream revision, bare or quoted: 3 or "3"']);
  }
  return Number(match[1] ?? match[2]);
}
