import { type EventStore, type RecordedEvent } from '@ledger/event-store';

/**
 * The data a correction replaces: that of the event it names, or of the last correction of that
 * event before it, in the same stream (R41). Corrections are rare, so the stream is read to find it.
 */
export async function replacedData(
  store: EventStore,
  correction: RecordedEvent,
): Promise<Record<string, unknown> | undefined> {
  const { correctedEventId } = correction.data as { correctedEventId?: unknown };
  let replaced: Record<string, unknown> | undefined;
  for await (const event of store.readStream(correction.stream, { maxCount: correction.revision })) {
    const data = event.data as Record<string, unknown>;
    if (
      event.id === correctedEventId ||
      (event.type === correction.type && data.correctedEventId === correctedEventId)
    ) {
      replaced = data;
    }
  }
  return replaced;
}
