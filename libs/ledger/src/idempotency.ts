import { type InsuredPersonCommand } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { v5 } from 'uuid';

/** The ledger's own UUID v5 namespace: the same stream, key and index give the same event id on every store. */
const eventIdNamespace = 'a7d3c1e2-5b4f-4e8a-9c6d-2f1e0b9a8c7d';

/** Metadata keys the handler writes on each event to find an earlier answer again. */
export const idempotencyKeys = { key: 'idempotencyKey', requestHash: 'requestHash' } as const;

/** SHA-256 of the command in RFC 8785 canonical JSON: the same request hashes the same over HTTP, batch or import. */
export const requestHashOf = (command: InsuredPersonCommand): string =>
  createHash('sha256').update(canonicalize(command)!).digest('hex');

/** A concurrent repeat of a request appends the same ids, and the store answers it with the first append. */
export const eventIdFor = (stream: string, idempotencyKey: string, index: number): string =>
  v5(`${stream}\n${idempotencyKey}\n${index}`, eventIdNamespace);

/** A document the ledger numbers gets the same id when a request is repeated. */
export const documentIdFor = (stream: string, idempotencyKey: string): string =>
  v5(`${stream}\n${idempotencyKey}\ndocument`, eventIdNamespace);

/** The events an earlier request with this key wrote to the stream, in order; empty when there was none. */
export const earlierAnswer = (events: readonly RecordedEvent[], idempotencyKey: string): RecordedEvent[] =>
  events.filter((event) => event.metadata[idempotencyKeys.key] === idempotencyKey);
