import { BadRequestException } from '@nestjs/common';
import { isIdempotencyKey } from '@ledger/ledger';

export function requireIdempotencyKey(header: string | undefined): string {
  if (header === undefined) {
    throw new BadRequestException(['Idempotency-Key header is required: 1 to 128 printable ASCII characters']);
  }
  if (!isIdempotencyKey(header)) {
    throw new BadRequestException(['Idempotency-Key header must be 1 to 128 printable ASCII characters']);
  }
  return header;
}

/**
 * Correlation-Id / Causation-Id: optional, but when sent they go into every event's hash-chained
 * metadata, so they follow the Idempotency-Key's rule (1-128 printable ASCII characters).
 */
export function traceIdOf(header: string | undefined, name: 'Correlation-Id' | 'Causation-Id'): string | undefined {
  if (header === undefined) return undefined;
  if (!isIdempotencyKey(header)) {
    throw new BadRequestException([`${name} header must be 1 to 128 printable ASCII characters`]);
  }
  return header;
}

/** `If-Match: 3` or `If-Match: "3"`: the stream revision the client last saw. */
export function expectedRevisionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(-1|\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new BadRequestException(['If-Match must be a stream revision, e.g. If-Match: 3']);
  return Number(match[1]);
}
