import { newEventId } from './event-ids';
import { chainHash } from './hash-chain';
import { type CheckedEvent } from './limits';

/** One event of an append, placed after the stream's head: its id, revision, decoded data and chain link. */
export interface ChainLink {
  readonly event: CheckedEvent;
  readonly id: string;
  readonly revision: number;
  readonly data: unknown;
  readonly hash: string;
  readonly previousHash: string | null;
}

/** Gives each event its revision and id, and links it to its predecessor's hash (R41); the same for every store. */
export function chainLinks(
  stream: string,
  events: readonly CheckedEvent[],
  head: { readonly revision: number; readonly hash: string | null } | undefined,
  recordedAt: string,
): ChainLink[] {
  let revision = head ? head.revision : -1;
  let previousHash = head ? head.hash : null;
  return events.map((event) => {
    revision += 1;
    const id = event.id ?? newEventId();
    const data: unknown = JSON.parse(event.data);
    const hash = chainHash({
      id,
      stream,
      revision,
      type: event.type,
      data,
      metadata: event.metadata,
      recordedAt,
      previousHash,
    });
    const link = { event, id, revision, data, hash, previousHash };
    previousHash = hash;
    return link;
  });
}
