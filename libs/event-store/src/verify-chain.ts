import { chainKeys, type RecordedEvent } from './event-store.port';
import { UndecodableEventError } from './errors';
import { recomputeHash } from './hash-chain';

export type ChainProblem = 'altered' | 'removed' | 'reordered' | 'broken-link';

export interface ChainBreak {
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly problem: ChainProblem;
  readonly detail: string;
}

export interface ChainVerification {
  /** Events found intact before the first break (all of them when the log verifies), and their streams. */
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  /** The first broken link in log order; absent when the whole log verifies. */
  readonly firstBreak?: ChainBreak;
}

/**
 * Walks the log in order and checks each stream's chain (R41): every event's hash matches its
 * content, revisions follow each other, and each event names its predecessor's hash. Works over
 * any store's `readAll`, so both stores are verified the same way.
 */
export async function verifyChain(events: AsyncIterable<RecordedEvent>): Promise<ChainVerification> {
  const heads = new Map<string, { revision: number; hash: string }>();
  let eventsChecked = 0;
  let gap: { readonly break: ChainBreak; readonly missing: number } | undefined;
  try {
    for await (const event of events) {
      // Past a gap, the walk only looks ahead for the missing revision: nothing more is counted as checked.
      if (gap) {
        // A gap is a removal unless the missing revision turns up later: then the log was reordered.
        if (event.stream === gap.break.stream && event.revision === gap.missing) {
          return {
            eventsChecked,
            streamsChecked: heads.size,
            firstBreak: {
              ...gap.break,
              problem: 'reordered',
              detail: `revision ${gap.missing} was moved after revision ${gap.break.revision}`,
            },
          };
        }
        continue;
      }
      const problem = findProblem(event, heads.get(event.stream));
      if (problem) {
        const firstBreak = { ...problem, stream: event.stream, revision: event.revision, position: event.position };
        if (problem.problem !== 'removed') return { eventsChecked, streamsChecked: heads.size, firstBreak };
        gap = { break: firstBreak, missing: (heads.get(event.stream)?.revision ?? -1) + 1 };
        continue;
      }
      heads.set(event.stream, { revision: event.revision, hash: event.metadata[chainKeys.hash] as string });
      eventsChecked += 1;
    }
  } catch (error) {
    // A stored event that cannot even be decoded was altered, and the walk cannot go past it.
    if (!(error instanceof UndecodableEventError)) throw error;
    const { stream, revision, position, reason } = error;
    const altered: ChainBreak = { stream, revision, position, problem: 'altered', detail: reason };
    return { eventsChecked, streamsChecked: heads.size, firstBreak: gap?.break ?? altered };
  }
  return gap
    ? { eventsChecked, streamsChecked: heads.size, firstBreak: gap.break }
    : { eventsChecked, streamsChecked: heads.size };
}

function findProblem(
  event: RecordedEvent,
  head: { revision: number; hash: string } | undefined,
): Pick<ChainBreak, 'problem' | 'detail'> | undefined {
  const expectedRevision = head ? head.revision + 1 : 0;
  if (event.revision < expectedRevision) {
    return { problem: 'reordered', detail: `revision ${event.revision} comes after revision ${expectedRevision - 1}` };
  }
  if (event.revision > expectedRevision) {
    return { problem: 'removed', detail: `revision ${expectedRevision} is missing before revision ${event.revision}` };
  }
  if (recomputeHash(event) !== event.metadata[chainKeys.hash]) {
    return { problem: 'altered', detail: 'the content does not match its hash' };
  }
  const previous = (event.metadata[chainKeys.previousHash] as string | null | undefined) ?? null;
  if (previous !== (head?.hash ?? null)) {
    return { problem: 'broken-link', detail: 'the event does not name the hash of its predecessor' };
  }
  return undefined;
}
