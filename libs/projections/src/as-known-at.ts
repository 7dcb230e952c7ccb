import {
  type Instant,
  type InsuredPersonState,
  evolve,
  initialState,
  epochMillisOf,
  storedEvent,
} from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';

/**
 * The person's state as the ledger knew it at an instant (transaction time, R42): the fold of the
 * stream's events recorded up to then. Per-person streams are short, so this is exact and cheap;
 * `qualificationOn` and `documentsOn` then answer for any date (valid time).
 */
export async function personStateAsKnownAt(
  store: EventStore,
  stream: string,
  knownAt: Instant,
): Promise<InsuredPersonState | undefined> {
  const limit = epochMillisOf(knownAt);
  let state: InsuredPersonState | undefined;
  for await (const event of store.readStream(stream)) {
    if (Date.parse(event.recordedAt) > limit) break;
    state = evolve(state ?? initialState, storedEvent(event));
  }
  return state;
}
