import { type EventStore, type RecordedEvent, type RecordedHead } from './event-store.port';
import { TrackedHeads } from './log-digest';
import { type ChainBreak, type ChainVerification, verifyChain } from './verify-chain';

export interface LogSummary {
  readonly verification: ChainVerification;
  /** The log digest (ADR 0007); absent when the chain is broken. */
  readonly digest?: string;
}

/**
 * Verifies a store's chain and computes its digest in one pass over the log. Where the store
 * records stream heads apart from the events, every chain must end at its recorded head: events
 * cut from a stream's end, or a whole stream, leave chains that are intact in themselves.
 */
export async function summarizeLog(store: EventStore): Promise<LogSummary> {
  const heads = new TrackedHeads();
  const gaps = new PositionGaps();
  const events = heads.track(store.readAll());
  const verification = await verifyChain(store.densePositions ? gaps.watch(events) : events);
  // The heads name what was removed where a gap only says where: they come first.
  const firstBreak = verification.firstBreak ?? (await headsBreak(store, heads)) ?? gaps.first;
  return firstBreak ? { verification: { ...verification, firstBreak } } : { verification, digest: heads.digest() };
}

/**
 * Positions skipped in a log whose positions are dense: a whole stream removed with its recorded
 * head leaves every chain intact, and only the hole in the positions shows it (R41).
 */
class PositionGaps {
  first?: ChainBreak;

  async *watch(events: AsyncIterable<RecordedEvent>): AsyncIterable<RecordedEvent> {
    let expected = 1;
    for await (const event of events) {
      if (this.first === undefined && event.position > expected) {
        const { stream, revision, position } = event;
        const missing = position - expected === 1 ? `position ${expected}` : `positions ${expected} to ${position - 1}`;
        this.first = {
          stream,
          revision,
          position,
          problem: 'removed',
          detail: `${missing} before it ${position - expected === 1 ? 'holds' : 'hold'} no event: events were removed from the log`,
        };
      }
      expected = event.position + 1;
      yield event;
    }
  }
}

async function headsBreak(store: EventStore, chains: TrackedHeads): Promise<ChainBreak | undefined> {
  if (!store.recordedHeads) return undefined;
  let verifiedUpTo = 0;
  for (const chain of chains.values()) verifiedUpTo = Math.max(verifiedUpTo, chain.position);
  const seen = new Set<string>();
  for await (const head of store.recordedHeads()) {
    const chain = chains.get(head.stream);
    if (chain) seen.add(head.stream);
    const { stream } = head;
    // A head ahead of the chain is a removal only if no append since the walk explains it: the log stays writable meanwhile.
    if ((chain?.revision ?? -1) < head.revision && (await appendedAfter(store, stream, chain, verifiedUpTo))) continue;
    if (!chain) {
      return {
        stream,
        revision: 0,
        position: 0,
        problem: 'removed',
        detail: `the whole stream is missing: the store records revision ${head.revision} as its head`,
      };
    }
    // A break names one event, its revision and its position: the last one left, or the first one inserted.
    if (chain.revision < head.revision) {
      return {
        stream,
        revision: chain.revision,
        position: chain.position,
        problem: 'removed',
        detail: `revisions ${chain.revision + 1} to ${head.revision} are missing from the end of the stream, after this one`,
      };
    }
    if (chain.revision > head.revision) {
      const inserted = head.revision + 1;
      return {
        stream,
        revision: inserted,
        position: (await eventAt(store, stream, inserted))?.position ?? chain.position,
        problem: 'broken-link',
        detail: `revisions ${inserted} to ${chain.revision} were inserted after ${head.revision}, the head the store records`,
      };
    }
    if (chain.hash !== head.hash) {
      return {
        stream,
        revision: chain.revision,
        position: chain.position,
        problem: 'altered',
        detail: "the stream's chain was rewritten: its last hash is not the one the store recorded",
      };
    }
  }
  if (seen.size === chains.count) return undefined;
  const unrecorded = [...chains.values()].find((chain) => !seen.has(chain.stream))!;
  return {
    stream: unrecorded.stream,
    revision: unrecorded.revision,
    position: unrecorded.position,
    problem: 'broken-link',
    detail: 'the stream was inserted whole: the store records no head for it',
  };
}

/** The stream's event at `revision`, if the log holds it. */
async function eventAt(store: EventStore, stream: string, revision: number): Promise<RecordedEvent | undefined> {
  for await (const event of store.readStream(stream, { fromRevision: revision, maxCount: 1 })) {
    return event.revision === revision ? event : undefined;
  }
  return undefined;
}

async function appendedAfter(
  store: EventStore,
  stream: string,
  chain: RecordedHead | undefined,
  verifiedUpTo: number,
): Promise<boolean> {
  const next = await eventAt(store, stream, chain ? chain.revision + 1 : 0);
  return next !== undefined && next.position > verifiedUpTo;
}
