import { type EventStore } from './event-store.port';

/** Whether a reader can go on after `position`, and if not, why. */
export type ResumeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'after-head'; readonly head: number }
  | { readonly ok: false; readonly reason: 'no-event-there'; readonly detail: string };

/**
 * A position a reader got from this log can be resumed after. One the log has not reached is another
 * log's (a restored or a different ledger), and reading on from it would skip every event up to it.
 * On EventStoreDB a position is a byte offset, and the server refuses one where no event starts; on
 * SQLite every position up to the head is one.
 */
export async function resumePosition(store: EventStore, position: number): Promise<ResumeVerdict> {
  if (position === 0) return { ok: true };
  const head = await store.headPosition();
  if (position > head) return { ok: false, reason: 'after-head', head };
  try {
    // Reading on from there is what the server refuses, if it does.
    for await (const _event of store.readAll({ after: position, maxCount: 1 }));
  } catch (error) {
    // The store answered for its head a moment ago: it is this position the read was refused for.
    return { ok: false, reason: 'no-event-there', detail: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true };
}
