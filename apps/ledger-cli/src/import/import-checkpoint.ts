import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The last line of a batch file whose command is settled, kept in LEDGER_DATA_DIR/imports/ under
 * the digest of the file's content. It is what makes a resumed import exact: a line the rules
 * refused leaves no trace in the log, so running it again later, on a state that later lines
 * changed, could decide differently. Resuming after the checkpoint runs again at most the one
 * line in flight, on the state it first saw.
 */
export class ImportCheckpoint {
  private readonly path: string;

  constructor(dataDirectory: string, fileDigest: string) {
    const directory = join(dataDirectory, 'imports');
    mkdirSync(directory, { recursive: true });
    this.path = join(directory, `${fileDigest}.line`);
  }

  /** The last settled line number, 0 when this file was never imported here. */
  lastLine(): number {
    try {
      return Number(readFileSync(this.path, 'utf8')) || 0;
    } catch {
      return 0;
    }
  }

  /** Durable before the next line is applied: written aside, flushed, then renamed over the old one. */
  save(line: number): void {
    const aside = `${this.path}.next`;
    const descriptor = openSync(aside, 'w');
    try {
      writeSync(descriptor, String(line));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(aside, this.path);
  }
}
