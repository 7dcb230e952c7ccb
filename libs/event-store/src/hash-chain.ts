import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { chainKeys, type RecordedEvent } from './event-store.port';

/** What an event's hash covers: everything but its global position, which a migration may change. */
export interface ChainedContent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
  readonly previousHash: string | null;
}

/** SHA-256 over the RFC 8785 canonical JSON of the content and the previous event's hash in the stream (R41). */
export function chainHash(content: ChainedContent): string {
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}

export function withoutChain(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [chainKeys.hash]: _hash, [chainKeys.previousHash]: _previous, ...own } = metadata;
  return own;
}

export const withChain = (
  metadata: Readonly<Record<string, unknown>>,
  hash: string,
  previousHash: string | null,
): Record<string, unknown> => ({ ...metadata, [chainKeys.hash]: hash, [chainKeys.previousHash]: previousHash });

/** Recomputes a recorded event's hash from what was read back. */
export const recomputeHash = (event: RecordedEvent): string =>
  chainHash({
    id: event.id,
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: withoutChain(event.metadata),
    recordedAt: event.recordedAt,
    previousHash: (event.metadata[chainKeys.previousHash] as string | null | undefined) ?? null,
  });
