import { isBlank, isOverlong, maxLineBytes, ndjsonLines } from '@ledger/ledger';
import { createReadStream } from 'node:fs';

/** A non-blank line of the file and its 1-based number, as an editor shows it; only the length of one too long. */
export type NumberedLine =
  { readonly number: number; readonly text: string } | { readonly number: number; readonly overlongBytes: number };

/**
 * The non-blank lines of an NDJSON file, read as a stream: a file of millions of lines is never
 * held whole, nor is a line longer than an API batch line may be (`maxLineBytes`).
 */
export async function* batchLines(path: string): AsyncIterable<NumberedLine> {
  let number = 0;
  for await (const line of ndjsonLines(createReadStream(path), maxLineBytes)) {
    number += 1;
    if (isOverlong(line)) yield { number, overlongBytes: line.overlongBytes };
    else if (!isBlank(line)) yield { number, text: line };
  }
}
