/** The longest batch line the ledger reads, over HTTP or from a file. */
export const maxLineBytes = 64 * 1024;

/** What a batch line over `maxLineBytes` is answered with. */
export const overlongLineDetail = `the line is longer than ${maxLineBytes} bytes`;

/** A line longer than the limit: only its length is known, its bytes were not kept. */
export interface OverlongLine {
  readonly overlongBytes: number;
}

export type NdjsonLine = string | OverlongLine;

export const isOverlong = (line: NdjsonLine): line is OverlongLine => typeof line !== 'string';

/** A line of nothing but white space is no command; tested without trimming a copy of every line. */
export const isBlank = (line: string): boolean => !/\S/.test(line);

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Cuts bytes into lines. It keeps at most `maxLineBytes + 1` bytes of an unfinished line (the one
 * more is a CR that may come before the newline): once a line passes the limit, its further bytes
 * are only counted, and the line ends as an `OverlongLine`. Works on bytes, since a newline byte
 * never occurs inside a UTF-8 character; a line is decoded once it is whole.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private kept = 0;
  private overlong = false;
  private seen = 0;
  private first = true;

  constructor(private readonly maxLineBytes = Number.POSITIVE_INFINITY) {}

  /** Bytes of the unfinished line held in memory. */
  get keptBytes(): number {
    return this.kept;
  }

  push(chunk: Buffer): NdjsonLine[] {
    const lines: NdjsonLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
      // Most lines lie within one chunk: decoded from it, without a copy.
      if (this.seen === 0) lines.push(this.lineOf(chunk.subarray(start, end), end - start));
      else {
        this.take(chunk.subarray(start, end));
        lines.push(this.finish());
      }
      start = end + 1;
    }
    this.take(chunk.subarray(start));
    return lines;
  }

  /** The last line, when the input does not end with a newline. */
  end(): NdjsonLine | undefined {
    return this.seen > 0 ? this.finish() : undefined;
  }

  private take(bytes: Buffer): void {
    this.seen += bytes.length;
    if (this.overlong || bytes.length === 0) return;
    // One byte more for a CR before the newline; three more on the first line for a byte order mark.
    if (this.kept + bytes.length > this.maxLineBytes + 1 + (this.first ? 3 : 0)) {
      this.overlong = true;
      this.parts = [];
      this.kept = 0;
      return;
    }
    // A copy: a slice would keep the whole chunk it came from alive.
    this.parts.push(Buffer.from(bytes));
    this.kept += bytes.length;
  }

  private finish(): NdjsonLine {
    if (this.overlong) this.first = false;
    const line = this.overlong
      ? { overlongBytes: this.seen }
      : this.lineOf(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.kept), this.seen);
    this.parts = [];
    this.kept = 0;
    this.overlong = false;
    this.seen = 0;
    return line;
  }

  private lineOf(bytes: Buffer, seen: number): NdjsonLine {
    // The byte order mark that Windows tools write before the first line is no part of the line.
    const start = this.first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.first = false;
    const length = bytes.length > 0 && bytes[bytes.length - 1] === carriageReturn ? bytes.length - 1 : bytes.length;
    return length - start > this.maxLineBytes ? { overlongBytes: seen } : bytes.toString('utf8', start, length);
  }
}

/**
 * The lines of a byte stream, pulled as the consumer asks for them. Unlike readline, nothing is
 * emitted before the consumer starts, so no line is lost while a response is being set up. A line
 * longer than `maxLineBytes` (CR excluded) comes as an `OverlongLine`, without its bytes.
 */
export async function* ndjsonLines(
  input: AsyncIterable<Buffer | string>,
  maxLineBytes?: number,
): AsyncIterable<NdjsonLine> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of input) {
    yield* splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  const last = splitter.end();
  if (last !== undefined) yield last;
}
