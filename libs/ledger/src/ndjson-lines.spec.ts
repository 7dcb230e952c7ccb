import { Readable } from 'node:stream';
import { ndjsonLines } from './ndjson-lines';

async function linesOf(chunks: (string | Buffer)[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks, { objectMode: true }) as AsyncIterable<string | Buffer>))
    lines.push(line);
  return lines;
}

describe('ndjsonLines', () => {
  it('splits across chunks, keeps empty lines, drops CR and a final newline', async () => {
    expect(await linesOf(['{"a":1}\r\n{"b"', ':2}\n\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
    expect(await linesOf(['x\n'])).toEqual(['x']);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('山田\n');
    expect(await linesOf([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual(['山田']);
  });
});
