import { Observable, type Subscriber } from 'rxjs';
import { type EventFilter, type RecordedEvent } from './event-store.port';

export interface CatchUpSource {
  headPosition(): Promise<number>;
  /** Events with `after < position <= upTo` that pass the filter, in log order, paged. */
  readRange(after: number, upTo: number, filter: EventFilter | undefined): AsyncIterable<RecordedEvent>;
  /** Resolves once the log head is past `position`, as soon as `signal` aborts, or when the store closes. */
  waitForHeadPast(position: number, signal: AbortSignal): Promise<void>;
  /** Whether the store closed: its subscriptions complete, as EventStoreDB's do. */
  closed(): boolean;
}

/**
 * One cursor serves catch-up and live alike: it reads up to the head it saw, moves past it (even
 * when the filter let nothing through), then waits for the head to move. No hand-over between two
 * mechanisms, so no gap and no duplicate.
 */
export function catchUpSubscription(
  source: CatchUpSource,
  after: number,
  filter?: EventFilter,
): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    const stop = new AbortController();
    void follow(source, after, filter, subscriber, stop.signal);
    return () => stop.abort();
  });
}

async function follow(
  source: CatchUpSource,
  after: number,
  filter: EventFilter | undefined,
  subscriber: Subscriber<RecordedEvent>,
  signal: AbortSignal,
): Promise<void> {
  let cursor = after;
  try {
    while (!signal.aborted) {
      if (source.closed()) return subscriber.complete();
      const head = await source.headPosition();
      if (head <= cursor) {
        await source.waitForHeadPast(cursor, signal);
        continue;
      }
      for await (const event of source.readRange(cursor, head, filter)) {
        if (signal.aborted) return;
        subscriber.next(event);
      }
      cursor = head;
    }
  } catch (error) {
    if (signal.aborted) return;
    // A read the store's closing cut short ends the subscription as the closing would have between reads.
    if (source.closed()) subscriber.complete();
    else subscriber.error(error);
  }
}
