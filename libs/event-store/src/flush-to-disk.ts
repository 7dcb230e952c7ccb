import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Flushes a file, or a directory after a rename in it, to disk: a rename is durable only once its
 * directory is flushed.
 */
export function flushToDisk(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
