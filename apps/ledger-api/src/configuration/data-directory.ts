import { damagedEventLog, embeddedLogPath, foreignDatabaseAt, makeDirectories } from '@ledger/event-store';
import { accessSync, constants, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The embedded store needs a writable directory, and every SQLite file in it writable: SQLite opens
 * a file it may only read without a word and refuses the first write, so the service would start,
 * say it is ready and answer every command with a 500. Finding out at start-up beats that.
 */
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
  for (const file of readdirSync(absolute, { withFileTypes: true })) {
    if (!file.isFile() || !sqliteFile.test(file.name)) continue;
    try {
      accessSync(join(absolute, file.name), constants.W_OK);
    } catch (error) {
      throw new Error(
        `LEDGER_DATA_DIR ${absolute}: ${file.name} cannot be written (${(error as Error).message}); the service ` +
          'writes every database in its data directory: make it writable, or copy the directory to a writable place',
        { cause: error },
      );
    }
  }
  return absolute;
}

/** The log, the read models, the keys and the outbox, each with its write-ahead and shared-memory files. */
const sqliteFile = /\.db(-wal|-shm)?$/;

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
