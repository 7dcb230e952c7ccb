import { type EventStore } from '@ledger/event-store';
import { type Histogram } from 'prom-client';

/**
 * Times every append at the port, whoever calls it (commands, batches, access records), without
 * the callers knowing: the store instance's `append` is wrapped once at start-up.
 */
export function meterAppends(store: EventStore, histogram: Histogram<'outcome'>): void {
  const append = store.append.bind(store);
  store.append = async (...args) => {
    const stop = histogram.startTimer();
    try {
      const result = await append(...args);
      stop({ outcome: 'written' });
      return result;
    } catch (error) {
      stop({ outcome: 'refused' });
      throw error;
    }
  };
}
