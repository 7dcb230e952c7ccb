import { DomainError, withoutMyNumbers } from '@ledger/domain';
import { WrongExpectedRevisionError } from '@ledger/event-store';
import { type CommandOutcome } from './command-request';
import { IdempotencyKeyReusedError } from './errors';

/** One answer line of a batch, in the order of the input, with the HTTP status the command alone would get. */
export type BatchLineResult =
  | {
      readonly line: number;
      readonly status: 201;
      readonly idempotencyKey: string;
      readonly events: readonly string[];
      /** The ids of `events`, in their order: what a later correction names (`correctedEventId`). */
      readonly eventIds: readonly string[];
      readonly revision: number;
      readonly position: number;
      readonly documentId?: string;
      readonly repeated?: true;
    }
  | {
      readonly line: number;
      readonly status: 400 | 403 | 409 | 422 | 500;
      readonly idempotencyKey?: string;
      readonly detail: string;
      readonly errors?: readonly string[];
      readonly rule?: string;
      readonly code?: string;
    };

export function written(line: number, idempotencyKey: string, outcome: CommandOutcome): BatchLineResult {
  const issued = outcome.events.find((event) => event.type === 'DocumentIssued')?.data as
    { documentId?: string } | undefined;
  return {
    line,
    status: 201,
    idempotencyKey,
    events: outcome.events.map((event) => event.type),
    eventIds: outcome.events.map((event) => event.id),
    revision: outcome.revision,
    position: outcome.position,
    ...(issued?.documentId !== undefined && { documentId: issued.documentId }),
    ...(outcome.repeated && { repeated: true as const }),
  };
}

/** A line's answer when it wrote nothing. */
export type RefusedLine = Extract<BatchLineResult, { readonly detail: string }>;

/**
 * A refusal of one line: the rest of the batch goes on. Anything unforeseen is a 500 for that line.
 * Its detail repeats what the line named (a document id, a key), without a My Number in it, as a
 * single command's problem does.
 */
export function refused(line: number, idempotencyKey: string, error: unknown): RefusedLine {
  const detail = error instanceof Error ? withoutMyNumbers(error.message) : '';
  if (error instanceof DomainError) {
    return { line, status: 422, idempotencyKey, detail, code: error.code, ...(error.rule && { rule: error.rule }) };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return { line, status: 422, idempotencyKey, detail, code: 'IDEMPOTENCY_KEY_REUSED' };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return { line, status: 409, idempotencyKey, detail, code: 'CONFLICT' };
  }
  return { line, status: 500, idempotencyKey, detail: 'the ledger met an unexpected error on this line' };
}
