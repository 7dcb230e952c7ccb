import { accessRecordTypes, defaultPolicy, insuredPersonStream, type LedgerPolicy } from '@ledger/domain';
import {
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { type CommandOutcome, type CommandRequest } from './command-request';
import { type PlannedCommand, planCommands } from './command-plan';
import { IdempotencyKeyReusedError } from './errors';

/** Reads and decides again while only access records get in between; a busy clinic day stays bounded. */
const maxAttempts = 5;

export type Settled =
  { readonly ok: true; readonly outcome: CommandOutcome } | { readonly ok: false; readonly error: unknown };

/**
 * Handles commands on a person's stream: read, fold, decide, append with the expected revision.
 * A repeated Idempotency-Key is found in the stream itself (ADR 0005), so idempotency holds across
 * crashes and on every store without a table of its own.
 */
export class CommandHandler {
  constructor(
    private readonly store: EventStore,
    private readonly policy: LedgerPolicy = defaultPolicy,
  ) {}

  async handle(request: CommandRequest): Promise<CommandOutcome> {
    const [settled] = await this.handleInOrder([request]);
    if (!settled!.ok) throw settled!.error;
    return settled!.outcome;
  }

  /**
   * Several commands for one person, in order, with one read and one append: how a batch keeps up.
   * Each settles alone; a conflict on the append fails every command that was to write, unless what
   * came in between were only access records (an eligibility check, a lookup): they change nothing
   * a rule decides on, so the commands are decided again rather than refused as a concurrent change.
   */
  async handleInOrder(requests: readonly CommandRequest[], attempt = 1): Promise<Settled[]> {
    const stream = insuredPersonStream(requests[0]!.insurerNumber, requests[0]!.personId);
    if (requests.some((request) => insuredPersonStream(request.insurerNumber, request.personId) !== stream)) {
      throw new Error('handleInOrder takes the commands of one person');
    }
    const history: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream)) history.push(event);
    const plan = planCommands(stream, history, requests, this.policy);
    const toAppend = plan.flatMap((step) => (step.kind === 'write' ? step.events : []));
    if (toAppend.length === 0) return plan.map((step) => this.settle(stream, history, plan, step, undefined));
    let result: AppendResult;
    try {
      result = await this.store.append(stream, toAppend, history.length === 0 ? 'no_stream' : history.length - 1);
    } catch (error) {
      if (
        error instanceof WrongExpectedRevisionError &&
        attempt < maxAttempts &&
        requests.every((request) => request.expectedRevision === undefined) &&
        (await this.onlyAccessRecordsFrom(stream, history.length))
      ) {
        return this.handleInOrder(requests, attempt + 1);
      }
      // A partial repeat, or more events than one append may hold: one command at a time sorts it out.
      if (requests.length > 1 && !(error instanceof WrongExpectedRevisionError)) return this.oneByOne(requests);
      const failure =
        error instanceof DuplicateEventIdError
          ? new IdempotencyKeyReusedError(stream, requests[0]!.idempotencyKey)
          : error;
      return plan.map((step) =>
        step.kind === 'write' || step.kind === 'twin'
          ? { ok: false, error: failure }
          : this.settle(stream, history, plan, step, undefined),
      );
    }
    return plan.map((step) => this.settle(stream, history, plan, step, result.events));
  }

  private async onlyAccessRecordsFrom(stream: string, fromRevision: number): Promise<boolean> {
    for await (const event of this.store.readStream(stream, { fromRevision })) {
      if (!accessRecordTypes.has(event.type)) return false;
    }
    return true;
  }

  private async oneByOne(requests: readonly CommandRequest[]): Promise<Settled[]> {
    const settled: Settled[] = [];
    for (const request of requests) settled.push(...(await this.handleInOrder([request])));
    return settled;
  }

  private settle(
    stream: string,
    history: readonly RecordedEvent[],
    plan: readonly PlannedCommand[],
    step: PlannedCommand,
    recorded: readonly RecordedEvent[] | undefined,
  ): Settled {
    const answer = (events: readonly RecordedEvent[], last: RecordedEvent | undefined, repeated: boolean): Settled => ({
      ok: true,
      outcome: { stream, events, revision: last?.revision ?? -1, position: last?.position ?? 0, repeated },
    });
    const lastBefore = (from: number) => (from === 0 ? history.at(-1) : recorded?.[from - 1]);
    switch (step.kind) {
      case 'refused':
        return { ok: false, error: step.error };
      case 'repeat':
        return answer(step.events, step.events.at(-1), true);
      case 'nothing':
        return answer([], lastBefore(step.from), false);
      case 'write': {
        const events = recorded!.slice(step.from, step.from + step.events.length);
        return answer(events, events.at(-1), false);
      }
      case 'twin': {
        const first = plan[step.of] as Extract<PlannedCommand, { kind: 'write' }>;
        const events = recorded!.slice(first.from, first.from + first.events.length);
        return answer(events, events.at(-1), true);
      }
    }
  }
}
