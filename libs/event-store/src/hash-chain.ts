import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';
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

/** The same content with data and metadata already in canonical JSON, as the append path holds them. */
export type EncodedContent = Omit<ChainedContent, 'data' | 'metadata'> & {
  readonly dataJson: string;
  readonly metadataJson: string;
};

/** SHA-256 over the RFC 8785 canonical JSON of the content and the previous event's hash in the stream (R41). */
export function chainHash(content: ChainedContent): string {
  return encodedChainHash({
    ...content,
    dataJson: canonicalize(content.data)!,
    metadataJson: canonicalize(content.metadata)!,
  });
}

/** `chainHash` for content whose data and metadata are canonical JSON already: no second walk. */
export function encodedChainHash(content: EncodedContent): string {
  return hash('sha256', canonicalContent(content), 'hex');
}

/**
 * `canonicalize(content)`, with the fixed outer keys written in their RFC 8785 order by hand
 * around data and metadata that are canonical already. The spec proves both encodings equal.
 */
export function canonicalContent({
  id,
  stream,
  revision,
  type,
  dataJson,
  metadataJson,
  recordedAt,
  previousHash,
}: EncodedContent): string {
  const text = JSON.stringify;
  return (
    `{"data":${dataJson},"id":${text(id)},"metadata":${metadataJson},` +
    `"previousHash":${text(previousHash)},"recordedAt":${text(recordedAt)},"revision":${text(revision)},` +
    `"stream":${text(stream)},"type":${text(type)}}`
  );
}

/** The caller's own metadata; a copy only when it carries chain keys to drop. */
export function withoutChain(metadata: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!(chainKeys.hash in metadata) && !(chainKeys.previousHash in metadata)) return metadata;
  const { [chainKeys.hash]: _hash, [chainKeys.previousHash]: _previous, ...own } = metadata;
  return own;
}

/** The JSON of `withChain(metadata, ...)` from the metadata's own JSON, without serialising it again. */
export function withChainJson(metadataJson: string, hash: string, previousHash: string | null): string {
  const chain = `"${chainKeys.hash}":"${hash}","${chainKeys.previousHash}":${JSON.stringify(previousHash)}}`;
  return metadataJson === '{}' ? `{${chain}` : `${metadataJson.slice(0, -1)},${chain}`;
}

/** A copy with the chain keys added; `Object.assign` rather than a spread, which V8 runs many times slower here. */
export function withChain(
  metadata: Readonly<Record<string, unknown>>,
  hash: string,
  previousHash: string | null,
): Record<string, unknown> {
  const chained: Record<string, unknown> = Object.assign({}, metadata);
  chained[chainKeys.hash] = hash;
  chained[chainKeys.previousHash] = previousHash;
  return chained;
}

/** Recomputes a recorded event's hash from what was read back, with the reference `canonicalize`. */
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
