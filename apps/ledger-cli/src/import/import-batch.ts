import { DomainError } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import {
  type Actor,
  CommandHandler,
  IdempotencyKeyReusedError,
  overlongLineDetail,
  parseBatchLine,
} from '@ledger/ledger';
import { createHash, randomUUID } from 'node:crypto';
import { batchLines } from './batch-file';
import { type ImportCheckpoint } from './import-checkpoint';

export interface LineProblem {
  readonly line: number;
  readonly errors: readonly string[];
}

function lineErrors(text: string): readonly string[] {
  const parsed = parseBatchLine(text, 'import');
  return parsed.ok ? [] : parsed.errors;
}

/** At most this many problems are kept to be reported: a wholly wrong file must not fill memory. */
const problemsKept = 100;

export interface CheckedFile {
  readonly lines: number;
  readonly invalid: number;
  readonly problems: readonly LineProblem[];
  /** SHA-256 of the numbered non-blank lines: names the file's import checkpoint whatever its name. */
  readonly digest: string;
}

/** Checks every line before anything is written: a file with one malformed line writes nothing. */
export async function checkBatchFile(path: string): Promise<CheckedFile> {
  const problems: LineProblem[] = [];
  const digest = createHash('sha256');
  let lines = 0;
  let invalid = 0;
  for await (const line of batchLines(path)) {
    lines += 1;
    const { number } = line;
    const overlong = 'overlongBytes' in line;
    digest.update(overlong ? `${number}:${line.overlongBytes} bytes\n` : `${number}:${line.text}\n`);
    const errors = overlong ? [overlongLineDetail] : lineErrors(line.text);
    if (errors.length === 0) continue;
    invalid += 1;
    if (problems.length < problemsKept) problems.push({ line: number, errors });
  }
  return { lines, problems, invalid, digest: digest.digest('hex') };
}

export interface ImportTally {
  done: number;
  /** Lines at or before the checkpoint of an earlier run: not run again. */
  skipped: number;
  applied: number;
  /** Lines whose idempotency key had been applied already: an earlier, interrupted run got them in. */
  repeated: number;
  /** Lines the rules accepted with nothing to change: recorded as confirmations only (ADR 0005). */
  unchanged: number;
  refused: number;
}

/**
 * Applies each line through the same command handler as the API (channel `import`), after the
 * checkpoint of an earlier run. The line in flight when a run was killed is run again: event ids
 * derive from its idempotency key, so if it was written it is found, not written twice.
 */
export async function importBatchFile(
  store: EventStore,
  path: string,
  checkpoint: ImportCheckpoint,
  actor: Actor,
  onLine: (tally: Readonly<ImportTally>, refusal?: LineProblem) => void,
): Promise<ImportTally> {
  const handler = new CommandHandler(store);
  const correlationId = randomUUID();
  const tally: ImportTally = { done: 0, skipped: 0, applied: 0, repeated: 0, unchanged: 0, refused: 0 };
  const settled = checkpoint.lastLine();
  for await (const line of batchLines(path)) {
    const { number } = line;
    if (number <= settled) {
      tally.skipped += 1;
      tally.done += 1;
      continue;
    }
    if ('overlongBytes' in line) throw new Error(`line ${number} changed since it was checked: ${overlongLineDetail}`);
    const parsed = parseBatchLine(line.text, 'import');
    if (!parsed.ok) throw new Error(`line ${number} changed since it was checked: ${parsed.errors.join('; ')}`);
    const { insurerNumber, personId, idempotencyKey } = parsed.target;
    let refusal: LineProblem | undefined;
    try {
      const outcome = await handler.handle({
        insurerNumber,
        personId,
        idempotencyKey,
        command: parsed.command,
        actor,
        channel: 'import',
        correlationId,
      });
      if (outcome.repeated) tally.repeated += 1;
      else if (outcome.events.every((event) => event.type === 'QualificationDetailsConfirmed')) tally.unchanged += 1;
      else tally.applied += 1;
    } catch (error) {
      // Refused by a rule or a reused key: reported and counted, the rest of the file goes on.
      if (!(error instanceof DomainError || error instanceof IdempotencyKeyReusedError)) throw error;
      tally.refused += 1;
      refusal = { line: number, errors: [error.message] };
    }
    checkpoint.save(number);
    tally.done += 1;
    onLine(tally, refusal);
  }
  return tally;
}
