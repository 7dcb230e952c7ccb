import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCheckpoint, nothingSettled } from './import-checkpoint';

describe('ImportCheckpoint', () => {
  let directory: string;

  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'ledger-checkpoint-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps the settled line, the refusals and the last event written, across instances', () => {
    const progress = {
      line: 7,
      refused: 2,
      refusals: [{ line: 3, errors: ['R1: refused'] }],
      lastEvent: { stream: 'insured-123455-P-1', revision: 4, id: '0195a1c0-7d7e-7000-8000-00000000000a' },
    };
    new ImportCheckpoint(directory, 'digest').save(progress);

    expect(new ImportCheckpoint(directory, 'digest').load()).toEqual(progress);
    expect(new ImportCheckpoint(directory, 'other').load()).toEqual(nothingSettled);
  });

  it('reads a checkpoint of the first kind, a bare line number', () => {
    const checkpoint = new ImportCheckpoint(directory, 'digest');
    writeFileSync(join(directory, 'imports', 'digest.line'), '12');
    expect(checkpoint.load()).toEqual({ ...nothingSettled, line: 12 });
  });

  it('names a damaged checkpoint and what to do about it', () => {
    const checkpoint = new ImportCheckpoint(directory, 'digest');
    writeFileSync(join(directory, 'imports', 'digest.line'), '{"line": 3,');
    expect(() => checkpoint.load()).toThrow(/digest\.line is damaged: remove it to import the file again/);
  });

  it.each([
    ['a line number as text', '{"line":"3","refused":0,"refusals":[]}'],
    ['no refusals', '{"line":3}'],
    ['a negative line', '{"line":-1,"refused":0,"refusals":[]}'],
    ['a refusal without its errors', '{"line":3,"refused":1,"refusals":[{"line":2}]}'],
    ['a last event without its id', '{"line":3,"refused":0,"refusals":[],"lastEvent":{"stream":"s","revision":0}}'],
    ['a negative bare line number', '-4'],
    ['null', 'null'],
  ])('takes a checkpoint with %s for damaged, rather than skip lines or forget refusals by it', (_, text) => {
    const checkpoint = new ImportCheckpoint(directory, 'digest');
    writeFileSync(join(directory, 'imports', 'digest.line'), text);
    expect(() => checkpoint.load()).toThrow(/digest\.line is damaged: remove it to import the file again/);
  });

  it('refuses a checkpoint it cannot read rather than take the file as never imported, which would forget its refusals', () => {
    const checkpoint = new ImportCheckpoint(directory, 'digest');
    mkdirSync(join(directory, 'imports', 'digest.line'));
    expect(() => checkpoint.load()).toThrow(/digest\.line cannot be read: EISDIR/);
  });
});
