import {
  type Instant,
  type InsuredPersonState,
  evolve,
  initialState,
  epochMillisOf,
  storedEvent,
} from '@ledger/domain';
import { type EventStore, type RecordedEvent } from '@ledger/event-store/embedded';

/**
 * What the ledger knew at an instant (R42): an event recorded by then, with every earlier event of
 * its stream. The stores keep recorded times in order, but a log written before they did may hold
 * a later event stamped earlier by a clock set back; it counts only with the events it follows,
 * so that a person's state as known at T is the same read alone (the API) or in a replay (the CLI).
 */
export class KnownAt {
  private readonly limit: number;
  /** Streams whose events from some point on were recorded after the instant. */
  private readonly cut = new Set<string>();

  constructor(knownAt: Instant) {
    this.limit = epochMillisOf(knownAt);
  }

  /** Asked of a stream's events in order: false from its first event recorded after the instant on. */
  knows(event: Pick<RecordedEvent, 'stream' | 'recordedAt'>): boolean {
    if (this.cut.has(event.stream)) return false;
    if (Date.parse(event.recordedAt) <= this.limit) return true;
    this.cut.add(event.stream);
    return false;
  }
}

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
  const known = new KnownAt(knownAt);
  let state: InsuredPersonState | undefined;
  for await (const event of store.readStream(stream)) {
    if (!known.knows(event)) break;
    state = evolve(state ?? initialState, storedEvent(event));
  }
  return state;
}
