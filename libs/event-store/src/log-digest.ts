import { createHash } from 'node:crypto';
import { chainKeys, type RecordedEvent } from './event-store.port';

/** The last event of a stream: its revision and the hash that chains back to the stream's first event. */
export interface StreamHead {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
}

const sha256 = (...parts: readonly (string | Buffer)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafPrefix = Buffer.from([0x00]);
const nodePrefix = Buffer.from([0x01]);

/** The RFC 6962 (Certificate Transparency) Merkle Tree Hash of the entries, in the order given. */
export function merkleTreeHash(entries: readonly Buffer[]): Buffer {
  if (entries.length === 0) return sha256('');
  if (entries.length === 1) return sha256(leafPrefix, entries[0]!);
  // k: the largest power of two smaller than n, so the left subtree is always complete.
  let split = 1;
  while (split * 2 < entries.length) split *= 2;
  return sha256(nodePrefix, merkleTreeHash(entries.slice(0, split)), merkleTreeHash(entries.slice(split)));
}

/** One entry of the digest: `<stream> <revision> <hash>` in UTF-8, one space between fields. */
export const digestEntry = (head: StreamHead): Buffer =>
  Buffer.from(`${head.stream} ${head.revision} ${head.hash}`, 'utf8');

const byStreamName = (left: StreamHead, right: StreamHead): number =>
  left.stream < right.stream ? -1 : left.stream > right.stream ? 1 : 0;

/**
 * The digest of the whole log: the RFC 6962 Merkle Tree Hash over every stream's head, sorted by
 * stream name (code-unit order), hex. Each head's hash covers its stream's whole chain, so any
 * change to any recorded event changes the digest; the global order across streams is not
 * covered (a migration may renumber positions, ADR 0007).
 */
export function logDigest(heads: Iterable<StreamHead>): string {
  return merkleTreeHash([...heads].sort(byStreamName).map(digestEntry)).toString('hex');
}

/** A stream's head as the log holds it, with the log position of that last event. */
export interface TrackedHead extends StreamHead {
  readonly position: number;
}

/** Collects each stream's head from events passing by in log order, for `logDigest`. */
export class TrackedHeads {
  private readonly heads = new Map<string, TrackedHead>();

  /** Passes the events through unchanged, remembering the last one of each stream. */
  async *track(events: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> {
    for await (const event of events) {
      this.heads.set(event.stream, {
        stream: event.stream,
        revision: event.revision,
        hash: String(event.metadata[chainKeys.hash]),
        position: event.position,
      });
      yield event;
    }
  }

  get count(): number {
    return this.heads.size;
  }

  get(stream: string): TrackedHead | undefined {
    return this.heads.get(stream);
  }

  values(): Iterable<TrackedHead> {
    return this.heads.values();
  }

  digest(): string {
    return logDigest(this.heads.values());
  }
}
