import { LRUCache } from 'lru-cache';
import { evolve, initialState, type InsuredPersonState, stateKeepingTypes, storedEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { idempotencyKeys } from './idempotency';

/** What the handler decides a person's commands on: the folded stream, where it ends, and the keys it holds. */
export interface PersonSnapshot {
  readonly state: InsuredPersonState;
  /** The stream's last revision; -1 while it has no event. */
  readonly revision: number;
  /**
   * The revision of the stream's last event that changed the state (not an access record or a
   * confirmation); -1 while there is none. An If-Match from here to `revision` saw the state as it is.
   */
  readonly lastChange: number;
  /**
   * Id of the stream's last event; undefined while it has none. Read back at `revision`, another id
   * says the store no longer holds the stream this snapshot folded (put back from a backup, a failover).
   */
  readonly lastEventId: string | undefined;
  /** Each Idempotency-Key found in the stream and the events its request wrote, in order. */
  readonly answers: ReadonlyMap<string, readonly RecordedEvent[]>;
}

/** A person the store has no event of, as far as this process knows. */
export const newPerson: PersonSnapshot = {
  state: initialState,
  revision: -1,
  lastChange: -1,
  lastEventId: undefined,
  answers: new Map(),
};

/** The snapshot followed by events the store recorded after it, in order. */
export function snapshotAfter(snapshot: PersonSnapshot, recorded: readonly RecordedEvent[]): PersonSnapshot {
  if (recorded.length === 0) return snapshot;
  let { state, lastChange } = snapshot;
  const answers = new Map(snapshot.answers);
  for (const event of recorded) {
    state = evolve(state, storedEvent(event));
    if (!stateKeepingTypes.has(event.type)) lastChange = event.revision;
    const key = event.metadata[idempotencyKeys.key];
    if (typeof key === 'string') answers.set(key, [...(answers.get(key) ?? []), event]);
  }
  const last = recorded.at(-1)!;
  return { state, revision: last.revision, lastChange, lastEventId: last.id, answers };
}

/**
 * The persons this process decided on last, up to a bound, least recently used first out (ADR 0010).
 * Only what the store acknowledged goes in, so a snapshot is the stream as it was at its revision; a
 * newer write by anyone else shows up as a failed expected-revision check on the next append.
 */
export class RememberedPersons {
  private readonly persons: LRUCache<string, PersonSnapshot>;

  constructor(capacity = 10_000) {
    this.persons = new LRUCache({ max: capacity });
  }

  recall(stream: string): PersonSnapshot | undefined {
    return this.persons.get(stream);
  }

  /** Keeps the later of two snapshots: appends of one stream may settle out of the order they were decided in. */
  remember(stream: string, snapshot: PersonSnapshot): void {
    const known = this.persons.peek(stream);
    if (known && known.revision >= snapshot.revision) return;
    this.persons.set(stream, snapshot);
  }

  forget(stream: string): void {
    this.persons.delete(stream);
  }
}
