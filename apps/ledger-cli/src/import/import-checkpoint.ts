import { isRecord } from '@ledger/domain';
import { flushToDisk, makeDirectories } from '@ledger/event-store';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type LineProblem } from './line-problem';

/** An event the ledger must still hold for the checkpoint to be trusted: the last one the import wrote or found. */
export interface WrittenEvent {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
}

/** How far the import of one file has settled. */
export interface ImportProgress {
  /** The last settled line number, 0 before the first. */
  readonly line: number;
  /** Lines the rules refused so far, and the first of them with why (at most `problemsKept`). */
  readonly refused: number;
  readonly refusals: readonly LineProblem[];
  readonly lastEvent?: WrittenEvent;
}

export const nothingSettled: ImportProgress = { line: 0, refused: 0, refusals: [] };

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const isLineProblem = (value: unknown): value is LineProblem =>
  isRecord(value) &&
  isCount(value.line) &&
  (value.code === undefined || typeof value.code === 'string') &&
  Array.isArray(value.errors) &&
  value.errors.every((error) => typeof error === 'string');

const isWrittenEvent = (value: unknown): value is WrittenEvent =>
  isRecord(value) && typeof value.stream === 'string' && isCount(value.revision) && typeof value.id === 'string';

function isImportProgress(value: unknown): value is ImportProgress {
  return (
    isRecord(value) &&
    isCount(value.line) &&
    isCount(value.refused) &&
    Array.isArray(value.refusals) &&
    value.refusals.every(isLineProblem) &&
    (value.lastEvent === undefined || isWrittenEvent(value.lastEvent))
  );
}

/**
 * How far an import of a file has settled, kept in LEDGER_DATA_DIR/imports/ under the digest of the
 * file's content. It is what makes a resumed import exact: a line the rules refused leaves no trace
 * in the log, so running it again later, on a state that later lines changed, could decide
 * differently, and its refusal would go unreported. So a refusal is saved before the next line
 * runs; applied lines are saved every `linesPerCheckpoint`, and run again after a kill they are
 * found by their idempotency keys.
 */
export class ImportCheckpoint {
  private readonly path: string;

  constructor(dataDirectory: string, fileDigest: string) {
    const directory = join(dataDirectory, 'imports');
    makeDirectories(directory);
    this.path = join(directory, `${fileDigest}.line`);
  }

  /** What an earlier run settled; nothing when this file was never imported here. */
  load(): ImportProgress {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      // Only a missing file means never imported: one that cannot be read may hold refusals still to report.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return nothingSettled;
      throw new Error(`the import checkpoint ${this.path} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    let saved: unknown;
    try {
      saved = JSON.parse(text);
    } catch {
      saved = undefined;
    }
    // The first checkpoints held the line number alone.
    if (isCount(saved)) return { ...nothingSettled, line: saved };
    // A checkpoint of another shape would skip lines never applied, or forget refusals still to report.
    if (!isImportProgress(saved)) {
      throw new Error(
        `the import checkpoint ${this.path} is damaged: remove it to import the file again from its first line`,
      );
    }
    return saved;
  }

  /**
   * Durable before the next line is applied: written aside, flushed, renamed over the old one, and the
   * rename flushed with its directory, or a power cut could bring back the checkpoint before it.
   */
  save(progress: ImportProgress): void {
    const aside = `${this.path}.next`;
    const descriptor = openSync(aside, 'w');
    try {
      writeSync(descriptor, JSON.stringify(progress));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(aside, this.path);
    flushToDisk(dirname(this.path));
  }
}
