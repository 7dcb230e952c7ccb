import { Readable } from 'node:stream';
import { LineSplitter, type NdjsonLine, ndjsonLines } from './ndjson-lines';

async function linesOf(chunks: (string | Buffer)[], maxLineBytes?: number): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  const input = Readable.from(chunks, { objectMode: true }) as AsyncIterable<string | Buffer>;
  for await (const line of ndjsonLines(input, maxLineBytes)) lines.push(line);
  return lines;
}

describe('ndjsonLines', () => {
  it('splits across chunks, keeps empty lines, drops CR and a final newline', async () => {
    expect(await linesOf(['{"a":1}\r\n{"b"', ':2}\n\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
    expect(await linesOf(['x\n'])).toEqual(['x']);
    expect(await linesOf(['x\r'])).toEqual(['x']);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('山田\n');
    expect(await linesOf([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual(['山田']);
  });

  it('drops the UTF-8 byte order mark before the first line, also split between chunks, and no other', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await linesOf([Buffer.concat([bom, Buffer.from('{"a":1}\n')]), bom, Buffer.from('x')])).toEqual([
      '{"a":1}',
      '\uFEFFx',
    ]);
    expect(await linesOf([bom.subarray(0, 2), Buffer.concat([bom.subarray(2), Buffer.from('12345\n')])])).toEqual([
      '12345',
    ]);
    for (const chunks of [[Buffer.concat([bom, Buffer.from('12345\n')])], [bom, Buffer.from('12345\n')]]) {
      expect(await linesOf(chunks, 5)).toEqual(['12345']);
    }
    expect(await linesOf([bom, Buffer.from('123456\n')], 5)).toEqual([{ overlongBytes: 9 }]);
    expect(await linesOf([Buffer.from('123'), Buffer.from('456\n')], 5)).toEqual([{ overlongBytes: 6 }]);
  });

  it('gives a line over the limit as overlong, and the lines around it as they are; a CR does not count', async () => {
    expect(await linesOf(['a\n12345\r\n123456\nb'], 5)).toEqual(['a', '12345', { overlongBytes: 6 }, 'b']);
    expect(await linesOf(['a\n12', '34', '56\r\nb'], 5)).toEqual(['a', { overlongBytes: 7 }, 'b']);
    expect(await linesOf(['a\n12', '34', '567'], 5)).toEqual(['a', { overlongBytes: 7 }]);
    // A line of exactly the limit whose CR arrives in a chunk of its own.
    expect(await linesOf(['a\n12', '345', '\r', '\nb'], 5)).toEqual(['a', '12345', 'b']);
  });
});

describe('LineSplitter', () => {
  it('keeps at most the limit of an endless line while it arrives, then goes on with the next line', () => {
    const limit = 64 * 1024;
    const splitter = new LineSplitter(limit);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let most = 0;
    const lines: NdjsonLine[] = [];
    for (let sent = 0; sent < 8 * 1024 * 1024; sent += chunk.length) {
      lines.push(...splitter.push(chunk));
      most = Math.max(most, splitter.keptBytes);
    }
    expect(lines).toEqual([]);
    expect(most).toBeLessThanOrEqual(limit + 1);
    expect(splitter.keptBytes).toBe(0);
    lines.push(...splitter.push(Buffer.from('\n{"next":1}\n')));
    expect(lines).toEqual([{ overlongBytes: 8 * 1024 * 1024 }, '{"next":1}']);
    expect(splitter.keptBytes).toBe(0);
  });
});
