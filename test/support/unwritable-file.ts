import { chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Makes a file this process may not write, and returns what gives it back; undefined when the
 * machine cannot (root on a file system without the immutable attribute). Root ignores file
 * modes, so it gets the immutable attribute, which stops root too.
 */
export function makeUnwritable(path: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o444);
    return () => chmodSync(path, 0o644);
  }
  if (spawnSync('chattr', ['+i', path]).status !== 0) return undefined;
  return () => {
    spawnSync('chattr', ['-i', path]);
  };
}
