import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The embedded store needs a writable directory; finding out at start-up beats failing on the first write. */
export function ensureWritableDataDirectory(path: string): string {
  const absolute = resolve(path);
  try {
    mkdirSync(absolute, { recursive: true });
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    throw new Error(`LEDGER_DATA_DIR ${absolute} cannot be created or written: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return absolute;
}
