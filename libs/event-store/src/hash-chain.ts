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
  return createHash('sha256').update(canonicalContent(content)).digest('hex');
}

/**
 * `canonicalize(content)`, with the fixed outer keys written in their RFC 8785 order by hand: the
 * library then only walks data and metadata, which is most of the appender's hashing time saved.
 * The spec proves both encodings equal.
 */
export function canonicalContent({
  id,
  stream,
  revision,
  type,
  data,
  metadata,
  recordedAt,
  previousHash,
}: ChainedContent): string {
  const text = JSON.stringify;
  return (
    `{"data":${canonicalize(data)},"id":${text(id)},"metadata":${canonicalize(metadata)},` +
    `"previousHash":${text(previousHash)},"recordedAt":${text(recordedAt)},"revision":${text(revision)},` +
    `"stream":${text(stream)},"type":${text(type)}}`
  );
}

export function withoutChain(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [chainKeys.hash]: _hash, [chainKeys.previousHash]: _previous, ...own } = metadata;
  return own;
}

/** The JSON of `withChain(metadata, ...)` from the metadata's own JSON, without serialising it again. */
export function withChainJson(metadataJson: string, hash: string, previousHash: string | null): string {
  const chain = `"${chainKeys.hash}":"${hash}","${chainKeys.previousHash}":${JSON.stringify(previousHash)}}`;
  return metadataJson === '{}' ? `{${chain}` : `${metadataJson.slice(0, -1)},${chain}`;
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
