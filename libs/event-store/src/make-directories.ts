import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a directory and its missing parents, as `mkdirSync(path, { recursive: true })` would,
 * but ends where that call never does: on a file system that answers ENOENT for a new entry in a
 * directory that exists (/proc, /proc/x), Node's recursive mkdir tries the parent and the child
 * again for ever, and the ledger hung at start-up without a word. Here each missing directory is
 * made once, and the first refusal is thrown.
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let directory = resolve(path); !existsSync(directory); directory = dirname(directory)) {
    missing.unshift(directory);
    if (dirname(directory) === directory) break;
  }
  for (const directory of missing) {
    try {
      mkdirSync(directory);
    } catch (error) {
      // Made by another process in between: what was asked for is there.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
