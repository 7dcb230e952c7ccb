import { BadRequestException } from '@nestjs/common';
import { isIdempotencyKey } from '@ledger/ledger';

export function requireIdempotencyKey(header: string | undefined): string {
  if (!isIdempotencyKey(header)) {
    throw new BadRequestException(['Idempotency-Key header is required: 1 to 128 printable ASCII characters']);
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
