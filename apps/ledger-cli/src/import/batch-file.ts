import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface NumberedLine {
  /** 1-based line number in the file, as an editor shows it. */
  readonly number: number;
  readonly text: string;
}

/** The non-blank lines of an NDJSON file, read as a stream: a file of millions of lines is never held whole. */
export async function* batchLines(path: string): AsyncIterable<NumberedLine> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() !== '') yield { number, text };
  }
}
