import { newEventId } from './event-ids';
import { encodedChainHash } from './hash-chain';
import { type CheckedEvent } from './limits';

/** What the chain hashes of an event to append. */
export type ChainedEvent = Pick<CheckedEvent, 'id' | 'type' | 'data' | 'metadataJson'>;

/** One event of an append, placed after the stream's head: its id, revision and chain link. */
export interface ChainLink<E extends ChainedEvent> {
  readonly event: E;
  readonly id: string;
  readonly revision: number;
  readonly hash: string;
  readonly previousHash: string | null;
}

/** Gives each event its revision and id, and links it to its predecessor's hash (R41); the same for every store. */
export function chainLinks<E extends ChainedEvent>(
  stream: string,
  events: readonly E[],
  head: { readonly revision: number; readonly hash: string | null } | undefined,
  recordedAt: string,
): ChainLink<E>[] {
  let revision = head ? head.revision : -1;
  let previousHash = head ? head.hash : null;
  return events.map((event) => {
    revision += 1;
    const id = event.id ?? newEventId();
    // Data and metadata are canonical JSON already (checkAppend): hashed as they are stored.
    const hash = encodedChainHash({
      id,
      stream,
      revision,
      type: event.type,
      dataJson: event.data,
      metadataJson: event.metadataJson,
      recordedAt,
      previousHash,
    });
    const link = { event, id, revision, hash, previousHash };
    previousHash = hash;
    return link;
  });
}
