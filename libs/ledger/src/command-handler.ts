import {
  decide,
  defaultPolicy,
  evolve,
  initialState,
  type InsuredPersonEvent,
  insuredPersonStream,
  type LedgerPolicy,
} from '@ledger/domain';
import {
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type CommandOutcome, type CommandRequest } from './command-request';
import { IdempotencyKeyReusedError } from './errors';
import { earlierAnswer, eventIdFor, idempotencyKeys, requestHashOf } from './idempotency';

const toDomainEvent = (event: RecordedEvent): InsuredPersonEvent =>
  ({ type: event.type, schemaVersion: 1, data: event.data }) as InsuredPersonEvent;

/**
 * Handles one command on a person's stream: read, fold, decide, append with the expected revision.
 * A repeated Idempotency-Key is found in the stream itself (ADR 0005), so idempotency holds across
 * crashes and on every store without a table of its own.
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly policy: LedgerPolicy = defaultPolicy,
  ) {}

  async handle(request: CommandRequest): Promise<CommandOutcome> {
    const stream = insuredPersonStream(request.insurerNumber, request.personId);
    const requestHash = requestHashOf(request.command);
    const history: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream)) history.push(event);

    const earlier = earlierAnswer(history, request.idempotencyKey);
    if (earlier.length > 0) return this.repeat(stream, earlier, requestHash, request.idempotencyKey);

    const revision = history.length - 1;
    if (request.expectedRevision !== undefined && request.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(stream, request.expectedRevision, revision < 0 ? 'no_stream' : revision);
    }
    const decided = decide(request.command, history.map(toDomainEvent).reduce(evolve, initialState), this.policy);
    if (decided.length === 0) {
      return { stream, events: [], revision, position: history.at(-1)?.position ?? 0, repeated: false };
    }
    const metadata = {
      schemaVersion: 1,
      [idempotencyKeys.key]: request.idempotencyKey,
      [idempotencyKeys.requestHash]: requestHash,
      commandType: request.command.type,
      actor: { keyId: request.actor.keyId, role: request.actor.role, insurerNumber: request.insurerNumber },
      channel: request.channel,
      correlationId: request.correlationId,
      causationId: request.causationId ?? request.idempotencyKey,
    };
    const events: EventToAppend[] = decided.map(({ type, data }, index) => ({
      id: eventIdFor(stream, request.idempotencyKey, index),
      type,
      data,
      metadata,
    }));
    try {
      // A concurrent twin of this request that got there first is answered by the store with its events.
      const result = await this.store.append(stream, events, revision < 0 ? 'no_stream' : revision);
      return { stream, ...result, repeated: false };
    } catch (error) {
      // The same ids in another batch: the key was used concurrently for a different request.
      if (error instanceof DuplicateEventIdError) throw new IdempotencyKeyReusedError(stream, request.idempotencyKey);
      throw error;
    }
  }

  private repeat(stream: string, earlier: RecordedEvent[], requestHash: string, key: string): CommandOutcome {
    if (earlier[0]!.metadata[idempotencyKeys.requestHash] !== requestHash) {
      throw new IdempotencyKeyReusedError(stream, key);
    }
    const last = earlier.at(-1)!;
    return { stream, events: earlier, revision: last.revision, position: last.position, repeated: true };
  }
}
