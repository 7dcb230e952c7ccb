import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdDataDirectoryLock, lockPath, withDataDirectoryLock } from './data-directory-lock';

const directory = () => mkdtempSync(join(tmpdir(), 'ledger-lock-'));

describe('a lock on a data directory', () => {
  it('refuses a second holder at once, naming what runs, and is free again once the work ends', async () => {
    const dataDirectory = directory();
    const inner = withDataDirectoryLock(dataDirectory, 'rebuild', 'a rebuild', () =>
      withDataDirectoryLock(dataDirectory, 'rebuild', 'a rebuild', () => Promise.resolve('twice')),
    );
    await expect(inner).rejects.toThrow(
      `a rebuild is already running on ${dataDirectory}: stop it or wait for it to end`,
    );
    await expect(withDataDirectoryLock(dataDirectory, 'rebuild', 'a rebuild', () => Promise.resolve(1))).resolves.toBe(
      1,
    );
  });

  it('is free again after work that failed', async () => {
    const dataDirectory = directory();
    const failing = withDataDirectoryLock(dataDirectory, 'import-x', 'an import', () => Promise.reject(new Error('x')));
    await expect(failing).rejects.toThrow('x');
    await expect(withDataDirectoryLock(dataDirectory, 'import-x', 'an import', () => Promise.resolve(2))).resolves.toBe(
      2,
    );
  });

  it('locks by name: other work on the same directory goes on', async () => {
    const dataDirectory = directory();
    const both = withDataDirectoryLock(dataDirectory, 'import-a', 'an import', () =>
      withDataDirectoryLock(dataDirectory, 'import-b', 'an import', () => Promise.resolve('both')),
    );
    await expect(both).resolves.toBe('both');
  });

  it('shared: other sharers hold it too, but a holder alone refuses them and is refused by them', () => {
    const dataDirectory = directory();
    const first = holdDataDirectoryLock(dataDirectory, 'log-layout', 'an upgrade', 'shared');
    const second = holdDataDirectoryLock(dataDirectory, 'log-layout', 'an upgrade', 'shared');
    expect(() => holdDataDirectoryLock(dataDirectory, 'log-layout', 'an import')).toThrow(
      `an import is already running on ${dataDirectory}`,
    );
    first.release();
    expect(() => holdDataDirectoryLock(dataDirectory, 'log-layout', 'an import')).toThrow(
      'an import is already running',
    );
    second.release();
    const alone = holdDataDirectoryLock(dataDirectory, 'log-layout', 'an import');
    expect(() => holdDataDirectoryLock(dataDirectory, 'log-layout', 'an upgrade', 'shared')).toThrow(
      `an upgrade is already running on ${dataDirectory}`,
    );
    alone.release();
    holdDataDirectoryLock(dataDirectory, 'log-layout', 'an upgrade', 'shared').release();
  });

  it('is released by the system when its holder is killed', async () => {
    const dataDirectory = directory();
    await withDataDirectoryLock(dataDirectory, 'rebuild', 'a rebuild', () => Promise.resolve());
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         new D(${JSON.stringify(lockPath(dataDirectory, 'rebuild'))}).exec('BEGIN EXCLUSIVE');
         process.stdout.write('held'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(holder.stdout, 'data');
    const held = new Database(lockPath(dataDirectory, 'rebuild'), { timeout: 0 });
    expect(() => held.exec('BEGIN EXCLUSIVE')).toThrow('database is locked');
    held.close();
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    await expect(withDataDirectoryLock(dataDirectory, 'rebuild', 'a rebuild', () => Promise.resolve(3))).resolves.toBe(
      3,
    );
  });
});
