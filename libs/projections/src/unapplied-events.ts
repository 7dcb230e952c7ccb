import { evolve, type InsuredPersonState, storedEvent } from '@ledger/domain';
import { type EventStore, type ReadStreamOptions, type RecordedEvent } from '@ledger/event-store/embedded';

/**
 * A person's state as the read models held it at the projector's `checkpoint`, with the events of
 * the stream that the store committed after it folded in: an answer that must not lag a write (a
 * viewing restriction filed a moment ago, R30) without waiting for the projector. A state already
 * current costs the position of the stream's last event, and no event read; otherwise the stream is
 * read newest first in growing pages.
 */
export async function withUnappliedEvents(
  store: EventStore,
  stream: string,
  state: InsuredPersonState,
  checkpoint: number,
): Promise<InsuredPersonState> {
  if (((await store.streamHeadPosition(stream)) ?? 0) <= checkpoint) return state;
  const newestFirst: RecordedEvent[] = [];
  let before: number | undefined;
  for (let page = 1; ; page *= 4) {
    let read = 0;
    const options: ReadStreamOptions = {
      direction: 'backwards',
      maxCount: page,
      ...(before !== undefined && { fromRevision: before }),
    };
    for await (const event of store.readStream(stream, options)) {
      if (event.position <= checkpoint) return foldOldestFirst(state, newestFirst);
      newestFirst.push(event);
      before = event.revision - 1;
      read += 1;
    }
    if (read < page || before! < 0) return foldOldestFirst(state, newestFirst);
  }
}

const foldOldestFirst = (state: InsuredPersonState, newestFirst: readonly RecordedEvent[]): InsuredPersonState =>
  newestFirst.reduceRight((folded, event) => evolve(folded, storedEvent(event)), state);
