import { decide, evolve, type InsuredPersonEvent, type LedgerPolicy, stateKeepingTypes } from '@ledger/domain';
import { type EventToAppend, type RecordedEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { type CommandRequest } from './command-request';
import { IdempotencyKeyReusedError } from './errors';
import { eventIdFor, idempotencyKeys, requestHashOf } from './idempotency';
import { type PersonSnapshot } from './remembered-persons';

/** What one command comes to before anything is written. */
export type PlannedCommand =
  | { readonly kind: 'repeat'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'refused'; readonly error: unknown }
  /** `from` counts the events planned before this command in the same append. */
  | {
      readonly kind: 'write';
      readonly from: number;
      readonly events: readonly EventToAppend[];
      readonly requestHash: string;
    }
  /** The same key and request twice in one group: answered with the first one's events. */
  | { readonly kind: 'twin'; readonly of: number };

function metadataOf(request: CommandRequest, requestHash: string): Record<string, unknown> {
  return {
    schemaVersion: 1,
    [idempotencyKeys.key]: request.idempotencyKey,
    [idempotencyKeys.requestHash]: requestHash,
    commandType: request.command.type,
    actor: { keyId: request.actor.keyId, role: request.actor.role, insurerNumber: request.insurerNumber },
    channel: request.channel,
    correlationId: request.correlationId,
    causationId: request.causationId ?? request.idempotencyKey,
  };
}

/**
 * Decides a person's commands in order on the stream as known, each on the state the ones before it
 * left: a repeated key answers its earlier events, a refusal stays with its command, and what is
 * left to write goes into one append (ADR 0005).
 */
export function planCommands(
  stream: string,
  person: PersonSnapshot,
  requests: readonly CommandRequest[],
  policy: LedgerPolicy,
): PlannedCommand[] {
  const planned = new Map<string, { hash: string; index: number }>();
  let { state, lastChange } = person;
  let written = 0;
  return requests.map((request, index): PlannedCommand => {
    const hash = requestHashOf(request.command);
    const key = request.idempotencyKey;
    const before = person.answers.get(key);
    if (before) {
      return before[0]!.metadata[idempotencyKeys.requestHash] === hash
        ? { kind: 'repeat', events: before }
        : { kind: 'refused', error: new IdempotencyKeyReusedError(stream, key) };
    }
    const twin = planned.get(key);
    if (twin) {
      return twin.hash === hash
        ? { kind: 'twin', of: twin.index }
        : { kind: 'refused', error: new IdempotencyKeyReusedError(stream, key) };
    }
    const revision = person.revision + written;
    const expected = request.expectedRevision;
    // Access records and confirmations after the revision the client saw change nothing it decided on (ADR 0005).
    if (expected !== undefined && !(expected >= lastChange && expected <= revision)) {
      const actual = revision < 0 ? 'no_stream' : revision;
      return { kind: 'refused', error: new WrongExpectedRevisionError(stream, expected, actual) };
    }
    let decided: InsuredPersonEvent[];
    try {
      decided = decide(request.command, state, policy);
    } catch (error) {
      return { kind: 'refused', error };
    }
    const from = written;
    // With the ids they will be stored under: a correction later in the group names one of them.
    const identified = decided.map((event, n) => ({ ...event, id: eventIdFor(stream, key, n) }));
    state = identified.reduce(evolve, state);
    decided.forEach((event, index) => {
      if (!stateKeepingTypes.has(event.type)) lastChange = revision + 1 + index;
    });
    written += decided.length;
    planned.set(key, { hash, index });
    const metadata = metadataOf(request, hash);
    const events = identified.map(({ id, type, data }) => ({ id, type, data, metadata }));
    return { kind: 'write', from, events, requestHash: hash };
  });
}
