import { type EventStore } from './event-store.port';

/** Whether a reader can go on after `position`, and if not, why. */
export type ResumeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'after-head'; readonly head: number }
  | { readonly ok: false; readonly reason: 'no-event-there'; readonly detail: string };

/** Reads one event after `position`: what the server refuses, if it does. */
async function readOneAfter(store: EventStore, position: number): Promise<void> {
  for await (const _event of store.readAll({ after: position, maxCount: 1 }));
}

/**
 * A position a reader got from this log can be resumed after. One the log has not reached is another
 * log's (a restored or a different ledger), and reading on from it would skip every event up to it.
 * On EventStoreDB a position is a byte offset, and the server refuses one where no event starts; on
 * SQLite every position up to the head is one. A store that fails to read from the start as well is
 * failing, whatever the position: that error is thrown, not taken for a verdict.
 */
export async function resumePosition(store: EventStore, position: number): Promise<ResumeVerdict> {
  if (position === 0) return { ok: true };
  const head = await store.headPosition();
  if (position > head) return { ok: false, reason: 'after-head', head };
  try {
    await readOneAfter(store, position);
  } catch (error) {
    await readOneAfter(store, 0);
    return { ok: false, reason: 'no-event-there', detail: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true };
}
