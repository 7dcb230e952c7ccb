import { DomainError, type LedgerPolicy } from '@ledger/domain';
import { type EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  type Actor,
  CommandHandler,
  IdempotencyKeyReusedError,
  overlongLineDetail,
  parseBatchLine,
  refused,
} from '@ledger/ledger';
import { createHash, hash, randomUUID } from 'node:crypto';
import { batchLines, type NumberedLine } from './batch-file';
import { type ImportCheckpoint, type ImportProgress, nothingSettled } from './import-checkpoint';
import { type LineProblem, problemsKept } from './line-problem';

/** The lines before it were the ones checked, and are in the ledger: a new run checks the file as it is now. */
const fileChanged = (what: string): Error =>
  new Error(`the file changed since it was checked (${what}): the lines before were imported; run the import again`);

function lineErrors(text: string): readonly string[] {
  const parsed = parseBatchLine(text, 'import');
  return parsed.ok ? [] : parsed.errors;
}

export interface CheckedFile {
  readonly path: string;
  readonly lines: number;
  readonly invalid: number;
  readonly problems: readonly LineProblem[];
  /** SHA-256 of the numbered non-blank lines: names the file's import checkpoint whatever its name. */
  readonly digest: string;
  /** One per non-blank line, in order: the import applies a line only if it is still the one checked. */
  readonly fingerprints: readonly number[];
}

/** 48 bits of the line's SHA-256: a changed line is told apart, and a million lines take 8 MB. */
const fingerprintOf = (line: NumberedLine): number =>
  'overlongBytes' in line ? -line.overlongBytes : Number.parseInt(hash('sha256', line.text, 'hex').slice(0, 12), 16);

/** Checks every line before anything is written: a file with one malformed line writes nothing. */
export async function checkBatchFile(path: string): Promise<CheckedFile> {
  const problems: LineProblem[] = [];
  const fingerprints: number[] = [];
  const digest = createHash('sha256');
  let lines = 0;
  let invalid = 0;
  for await (const line of batchLines(path)) {
    lines += 1;
    const { number } = line;
    const overlong = 'overlongBytes' in line;
    digest.update(overlong ? `${number}:${line.overlongBytes} bytes\n` : `${number}:${line.text}\n`);
    fingerprints.push(fingerprintOf(line));
    const errors = overlong ? [overlongLineDetail] : lineErrors(line.text);
    if (errors.length === 0) continue;
    invalid += 1;
    if (problems.length < problemsKept) problems.push({ line: number, errors });
  }
  return { path, lines, problems, invalid, digest: digest.digest('hex'), fingerprints };
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
  /** Lines the rules refused, in this run or in an earlier run of the same file. */
  refused: number;
}

/** What an import tells its user as it goes. */
export interface ImportReport {
  /** Refusals of an earlier run of this file, which this run does not run again. */
  earlierRefusals(refusals: readonly LineProblem[], refused: number): void;
  /** The ledger lacks what an earlier run wrote (restored from a backup?): the file is run again from its first line. */
  checkpointStale(settledLine: number): void;
  /** After each line, with its refusal if the rules refused it. */
  line(tally: Readonly<ImportTally>, refusal?: LineProblem): void;
}

/**
 * Lines applied between two checkpoints, at most. An applied line needs no checkpoint of its own:
 * run again, it is found by its idempotency key. Saving one after each line took two fsyncs more
 * per line, two thirds of an import's time; a killed run now runs again at most this many lines.
 */
export const linesPerCheckpoint = 100;

/**
 * Applies each line through the same command handler as the API (channel `import`), after the
 * checkpoint of an earlier run. The lines applied after the last checkpoint when a run was killed
 * are run again: event ids derive from their idempotency keys, so each written one is found, not
 * written twice. A refused line leaves nothing in the log to find it by, so its refusal is saved
 * before the next line runs: run again on a state later lines changed, it could decide otherwise.
 */
export async function importBatchFile(
  store: EventStore,
  checked: Pick<CheckedFile, 'path' | 'fingerprints'>,
  checkpoint: ImportCheckpoint,
  actor: Actor,
  report: ImportReport,
  policy: LedgerPolicy,
): Promise<ImportTally> {
  // Another writer (the API) may change a person between the read and the append: no client is there to ask.
  const handler = new CommandHandler(store, policy, { decideAgainOnConcurrentChange: true });
  const correlationId = randomUUID();
  const { progress: earlier, lastPosition } = await trustedProgress(store, checkpoint.load(), report);
  if (earlier.refused > 0) report.earlierRefusals(earlier.refusals, earlier.refused);
  let { refusals, lastEvent } = earlier;
  // The checkpoint names the newest event the file's lines put in the log, by position: a line found
  // repeated may hold one written long before, which a restore would keep while losing what came after.
  let newestPosition = lastPosition ?? -1;
  const tally: ImportTally = {
    done: 0,
    skipped: 0,
    applied: 0,
    repeated: 0,
    unchanged: 0,
    refused: earlier.refused,
  };
  let index = 0;
  let settledLine = earlier.line;
  let savedLine = earlier.line;
  const save = () => {
    if (settledLine === savedLine) return;
    checkpoint.save({ line: settledLine, refused: tally.refused, refusals, ...(lastEvent && { lastEvent }) });
    savedLine = settledLine;
  };
  try {
    for await (const line of batchLines(checked.path)) {
      const { number } = line;
      // Checked, then read again to apply: another program may have written to the file in between.
      if (checked.fingerprints[index++] !== fingerprintOf(line))
        throw fileChanged(`line ${number} is not the one checked`);
      if (number <= earlier.line) {
        tally.skipped += 1;
        tally.done += 1;
        continue;
      }
      if ('overlongBytes' in line) throw fileChanged(`line ${number}: ${overlongLineDetail}`);
      const parsed = parseBatchLine(line.text, 'import');
      if (!parsed.ok) throw fileChanged(`line ${number}: ${parsed.errors.join('; ')}`);
      const request = { ...parsed.target, command: parsed.command, actor, channel: 'import', correlationId } as const;
      let refusal: LineProblem | undefined;
      try {
        const outcome = await handler.handle(request);
        if (outcome.repeated) tally.repeated += 1;
        else if (outcome.events.every((event) => event.type === 'QualificationDetailsConfirmed')) tally.unchanged += 1;
        else tally.applied += 1;
        if (outcome.position > newestPosition) {
          const { stream, revision, id } = outcome.events.at(-1)!;
          lastEvent = { stream, revision, id };
          newestPosition = outcome.position;
        }
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          throw new Error(
            `line ${number}: the person kept changing under another writer; run the import again to resume`,
            {
              cause: error,
            },
          );
        }
        // Refused by a rule or a reused key: reported and counted, the rest of the file goes on.
        if (!(error instanceof DomainError || error instanceof IdempotencyKeyReusedError)) throw error;
        tally.refused += 1;
        // Worded as the batch answers the line: its code, and its detail without a My Number in it.
        const answered = refused(number, request.idempotencyKey, error);
        refusal = {
          line: number,
          ...(answered.code !== undefined && { code: answered.code }),
          errors: [answered.detail],
        };
        if (refusals.length < problemsKept) refusals = [...refusals, refusal];
      }
      settledLine = number;
      if (refusal || number - savedLine >= linesPerCheckpoint) save();
      tally.done += 1;
      report.line(tally, refusal);
    }
    if (index < checked.fingerprints.length)
      throw fileChanged(`it has ${index} of the ${checked.fingerprints.length} lines checked`);
  } finally {
    // What settled before a stop is saved too: a run again resumes after it.
    save();
  }
  return tally;
}

/**
 * The checkpoint, if the ledger still holds the last event the import wrote; else nothing settled,
 * and every line runs again: those the ledger holds are found by their idempotency keys.
 */
async function trustedProgress(
  store: EventStore,
  progress: ImportProgress,
  report: ImportReport,
): Promise<{ progress: ImportProgress; lastPosition?: number }> {
  const { lastEvent } = progress;
  if (lastEvent === undefined) return { progress };
  for await (const event of store.readStream(lastEvent.stream, { fromRevision: lastEvent.revision, maxCount: 1 })) {
    if (event.id === lastEvent.id) return { progress, lastPosition: event.position };
  }
  report.checkpointStale(progress.line);
  return { progress: nothingSettled };
}
