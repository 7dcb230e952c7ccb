import { damagedEventLog, embeddedLogPath, foreignDatabaseAt, makeDirectories } from '@ledger/event-store';
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';

/** The embedded store needs a writable directory; finding out at start-up beats failing on the first write. */
export function ensureWritableDataDirectory(path: string): string {
  const absolute = resolve(path);
  try {
    makeDirectories(absolute);
    accessSync(absolute, constants.W_OK);
  } catch (error) {
    throw new Error(`LEDGER_DATA_DIR ${absolute} cannot be created or written: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return absolute;
}

/**
 * An events.db that holds something else (another database, a file that is none) is refused. The
 * store refuses it too, but only once the modules before it have started; checked here, the start
 * ends before anything is created beside it, in one line. No file, or an empty one, starts a new ledger.
 */
export function assertNoForeignLog(dataDirectory: string): void {
  const path = embeddedLogPath(dataDirectory);
  const damage = damagedEventLog(path);
  if (damage) throw new Error(`the ledger at ${path} cannot be opened (${damage}): restore it from a backup`);
  const problem = foreignDatabaseAt(path);
  if (problem) {
    throw new Error(
      `${path} is no ledger (${problem}): point LEDGER_DATA_DIR at a ledger's data directory, or a new one`,
    );
  }
}
