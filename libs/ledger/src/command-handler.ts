import { defaultPolicy, insuredPersonStream, type LedgerPolicy } from '@ledger/domain';
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type RecordedEvent,
  StreamLanes,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type CommandOutcome, type CommandRequest } from './command-request';
import { type PlannedCommand, planCommands } from './command-plan';
import { IdempotencyKeyReusedError } from './errors';
import { newPerson, type PersonSnapshot, RememberedPersons, snapshotAfter } from './remembered-persons';

/** Decisions of one command at most; a retry after events that change no state does not count (below). */
const maxAttempts = 5;
/**
 * Retries after events that change no state came in between (a clinic's checks, lookups, R40): a
 * person checked by several clinics at once may see many, and the same decision is made again on
 * the new revision each time. Bounded all the same, so that no command waits without end.
 */
const maxQuietRetries = 100;

export type Settled =
  { readonly ok: true; readonly outcome: CommandOutcome } | { readonly ok: false; readonly error: unknown };

export interface CommandHandlerOptions {
  /**
   * Decide a command again on a concurrent change by another writer too, instead of refusing it
   * (409): for an import, which has no client to ask. Still at most `maxAttempts` decisions.
   */
  readonly decideAgainOnConcurrentChange?: boolean;
}

/** Where the person's state came from: memory (or none, for a person never seen) or a read of the stream just now. */
type Known = { readonly person: PersonSnapshot; readonly read: boolean };

/**
 * Handles commands on a person's stream: fold, decide, append with the expected revision. The person
 * is taken from memory when this process wrote to it last, or assumed new when it never saw it; the
 * expected revision catches any write memory missed, and then the stream is read and the command
 * decided on it (ADR 0010).
 * A repeated Idempotency-Key is found in the stream itself (ADR 0005), so idempotency holds across
 * crashes and on every store without a table of its own.
 */
export class CommandHandler {
  private readonly remembered = new RememberedPersons();
  /** This process decides a person's commands one after another. */
  private readonly lanes = new StreamLanes();

  constructor(
    private readonly store: EventStore,
    private readonly policy: LedgerPolicy = defaultPolicy,
    private readonly options: CommandHandlerOptions = {},
  ) {}

  async handle(request: CommandRequest): Promise<CommandOutcome> {
    const [settled] = await this.handleInOrder([request]);
    if (!settled!.ok) throw settled!.error;
    return settled!.outcome;
  }

  /**
   * Several commands for one person, in order, with one append: how a batch keeps up. Each settles
   * alone. Commands of this process for one person wait for each other, so they never conflict among
   * themselves. A conflict on an append decided on the stream as read is a concurrent change by
   * another writer (409), unless only events that change no state came in between (ADR 0005 decision 4).
   */
  async handleInOrder(requests: readonly CommandRequest[]): Promise<Settled[]> {
    const stream = insuredPersonStream(requests[0]!.insurerNumber, requests[0]!.personId);
    if (requests.some((request) => insuredPersonStream(request.insurerNumber, request.personId) !== stream)) {
      throw new Error('handleInOrder takes the commands of one person');
    }
    return this.lanes.run(stream, () => this.decideAndAppend(stream, requests, this.known(stream), 1, 0));
  }

  private async decideAndAppend(
    stream: string,
    requests: readonly CommandRequest[],
    known: Known,
    attempt: number,
    quietRetries: number,
  ): Promise<Settled[]> {
    const plan = planCommands(stream, known.person, requests, this.policy);
    // Memory may be behind another writer: a refusal is answered only on the stream as read.
    if (!known.read && plan.some((step) => step.kind === 'refused')) {
      return this.decideAndAppend(stream, requests, await this.read(stream), attempt, quietRetries);
    }
    const toAppend = plan.flatMap((step) => (step.kind === 'write' ? step.events : []));
    if (toAppend.length === 0) return plan.map((_, index) => this.settle(stream, plan, index, undefined));
    const { revision } = known.person;
    let result: AppendResult;
    try {
      result = await this.store.append(stream, toAppend, revision < 0 ? 'no_stream' : revision);
    } catch (error) {
      this.remembered.forget(stream);
      if (error instanceof WrongExpectedRevisionError) {
        // The events up to the known revision are the ones it was decided on: only those after it are
        // read. A read that finds none cannot tell why the append failed (memory ahead of a store that
        // lost a write, a lagging replica): the whole stream is read, and that counts as an attempt.
        const after = await this.readAfter(stream, known.person);
        const nothingNew = after.person === known.person;
        const now = nothingNew ? await this.read(stream) : after;
        // Decided on memory, the command never saw the stream: the conflict is memory's. After a read it
        // is a concurrent change (409, ADR 0005), unless all that came in between change no state: an
        // eligibility check or a lookup (R40), a confirmation of details.
        const changed = now.person.lastChange > revision;
        if (!changed && !nothingNew && quietRetries < maxQuietRetries) {
          return this.decideAndAppend(stream, requests, now, attempt, quietRetries + 1);
        }
        if (attempt < maxAttempts && (!known.read || !changed || this.options.decideAgainOnConcurrentChange)) {
          return this.decideAndAppend(stream, requests, now, attempt + 1, quietRetries);
        }
      } else if (!known.read) {
        return this.decideAndAppend(stream, requests, await this.read(stream), attempt + 1, quietRetries);
      }
      // A partial repeat, or more events than one append may hold: one command at a time sorts it out.
      if (requests.length > 1 && !(error instanceof WrongExpectedRevisionError)) return this.oneByOne(stream, requests);
      const failure =
        error instanceof DuplicateEventIdError
          ? new IdempotencyKeyReusedError(stream, requests[0]!.idempotencyKey)
          : error;
      return plan.map((step, index) =>
        step.kind === 'write' || step.kind === 'twin'
          ? { ok: false, error: failure }
          : this.settle(stream, plan, index, undefined),
      );
    }
    // The store answers a repeat with the events of the ids sent: decided on an older state (memory
    // behind another writer, or a write between the read and the append), they may be only some of
    // those the key wrote. The stream read now answers with all of them, as the first answer did.
    if (result.repeated) {
      this.remembered.forget(stream);
      return this.decideAndAppend(stream, requests, await this.read(stream), attempt, quietRetries);
    }
    // Events this append recorded right after the known revision are the stream's next ones.
    if (result.events[0]?.revision === revision + 1) {
      this.remembered.remember(stream, snapshotAfter(known.person, result.events));
    } else this.remembered.forget(stream);
    // Not a repeat: every event was written just now, from this plan.
    return plan.map((_, index) => this.settle(stream, plan, index, result.events));
  }

  private read(stream: string): Promise<Known> {
    return this.readAfter(stream, newPerson);
  }

  /**
   * The person as the stream holds it now, from a snapshot of it at an earlier revision. The
   * snapshot's last event is read again: if the store holds another there, the events it folded are
   * gone (a store put back from a backup, a failover that lost them) and the whole stream is read, or
   * the later events would be folded onto a history that no longer exists.
   */
  private async readAfter(stream: string, person: PersonSnapshot): Promise<Known> {
    const later: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream, { fromRevision: Math.max(person.revision, 0) })) {
      later.push(event);
    }
    if (person.revision >= 0) {
      const own = later.shift();
      // Nothing at the snapshot's revision either: decideAndAppend reads the whole stream itself.
      if (own === undefined) return { person, read: true };
      if (own.id !== person.lastEventId) return this.read(stream);
    }
    return { person: later.length === 0 ? person : snapshotAfter(person, later), read: true };
  }

  /** Within the person's turn: going through `handleInOrder` again would wait for itself. */
  private async oneByOne(stream: string, requests: readonly CommandRequest[]): Promise<Settled[]> {
    const settled: Settled[] = [];
    for (const request of requests)
      settled.push(...(await this.decideAndAppend(stream, [request], this.known(stream), 1, 0)));
    return settled;
  }

  private known(stream: string): Known {
    return { person: this.remembered.recall(stream) ?? newPerson, read: false };
  }

  private settle(
    stream: string,
    plan: readonly PlannedCommand[],
    index: number,
    recorded: readonly RecordedEvent[] | undefined,
  ): Settled {
    // Every command that is answered wrote events, a confirmation at least: the last one is where it stands.
    const answer = (events: readonly RecordedEvent[], repeated: boolean): Settled => {
      const { revision, position } = events.at(-1)!;
      return { ok: true, outcome: { stream, events, revision, position, repeated } };
    };
    const step = plan[index]!;
    switch (step.kind) {
      case 'refused':
        return { ok: false, error: step.error };
      case 'repeat':
        return answer(step.events, true);
      case 'write':
        return answer(recorded!.slice(step.from, step.from + step.events.length), false);
      case 'twin': {
        const first = plan[step.of] as Extract<PlannedCommand, { kind: 'write' }>;
        return answer(recorded!.slice(first.from, first.from + first.events.length), true);
      }
    }
  }
}
