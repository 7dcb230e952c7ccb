import { type EventId, type InsuredPersonCommand } from '@ledger/domain';
import { canonicalJson, type RecordedEvent } from '@ledger/event-store';
import { hash } from 'node:crypto';

/** The ledger's own UUID v5 namespace: the same stream, key and index give the same event id on every store. */
const eventIdNamespace = Buffer.from('a7d3c1e25b4f4e8a9c6d2f1e0b9a8c7d', 'hex');

/** Metadata keys the handler writes on each event to find an earlier answer again. */
export const idempotencyKeys = { key: 'idempotencyKey', requestHash: 'requestHash' } as const;

/**
 * SHA-256 of the command in RFC 8785 canonical JSON: the same request hashes the same over HTTP, batch
 * or import. The store's encoder writes what `canonicalize` writes for a command (the spec proves it).
 */
export const requestHashOf = (command: InsuredPersonCommand): string => hash('sha256', canonicalJson(command)!, 'hex');

/**
 * RFC 9562 UUID v5 (SHA-1 of namespace and name) written out here: the `uuid` package's copies and
 * conversions cost more than the hash itself on every event of every command.
 */
function uuidV5(name: string): string {
  // One buffer and a one-shot hash: a Hash object per event id was a twentieth of a batch's garbage.
  const input = Buffer.allocUnsafe(eventIdNamespace.length + Buffer.byteLength(name));
  eventIdNamespace.copy(input);
  input.write(name, eventIdNamespace.length, 'utf8');
  const digest = hash('sha1', input, 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A concurrent repeat of a request appends the same ids, and the store answers it with the first append. */
export const eventIdFor = (stream: string, idempotencyKey: string, index: number): EventId =>
  uuidV5(`${stream}\n${idempotencyKey}\n${index}`) as EventId;

/** A document the ledger numbers gets the same id when a request is repeated. */
export const documentIdFor = (stream: string, idempotencyKey: string): string =>
  uuidV5(`${stream}\n${idempotencyKey}\ndocument`);

/** The events an earlier request with this key wrote to the stream, in order; empty when there was none. */
export const earlierAnswer = (events: readonly RecordedEvent[], idempotencyKey: string): RecordedEvent[] =>
  events.filter((event) => event.metadata[idempotencyKeys.key] === idempotencyKey);
