import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a byte stream, pulled as the consumer asks for them. Unlike readline, nothing is
 * emitted before the consumer starts, so no line is lost while a response is being set up.
 */
export async function* ndjsonLines(input: AsyncIterable<Buffer | string>): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  pending += decoder.end();
  if (pending !== '') yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}
