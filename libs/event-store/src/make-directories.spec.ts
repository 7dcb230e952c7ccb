import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectories } from './make-directories';

describe('making a data directory and its parents', () => {
  let scratch: string;

  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), 'ledger-directories-'))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('creates every missing parent, and leaves a directory that exists as it is', () => {
    const nested = join(scratch, 'a', 'b', 'c');
    makeDirectories(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
    expect(() => makeDirectories(nested)).not.toThrow();
  });

  it('refuses a path through a file', () => {
    writeFileSync(join(scratch, 'file'), '');
    expect(() => makeDirectories(join(scratch, 'file', 'data'))).toThrow(/ENOTDIR/);
  });

  // Node's own recursive mkdir loops for ever on this path: the test would time out, not fail.
  it('ends with ENOENT where the file system takes no new directory (/proc)', () => {
    expect(() => makeDirectories('/proc/ledger-data/locks')).toThrow(
      /ENOENT: no such file or directory, mkdir '\/proc\/ledger-data'/,
    );
  });
});
