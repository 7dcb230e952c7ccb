import {
  connectionStringProblem,
  damagedEventLog,
  embeddedLogPath,
  type EventStore,
  type EventStoreConfiguration,
  makeDirectories,
  notAnEventLog,
  NotAnEventLogError,
  openEventStore,
} from '@ledger/event-store';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withoutMyNumbers } from '@ledger/domain';
import { UsageError } from './exit-codes';

/** Where a ledger lives: the same variables as the API (README, Configuration), `--data-dir` first. */
/**
 * A path as the CLI prints it: a My Number in a directory or file name is `[redacted]`, in what it
 * reports as in its errors (DOMAIN.md §3.3). An operator may name a file after whoever it concerns.
 */
export const shownPath = (path: string): string => withoutMyNumbers(path);

export interface LedgerLocation {
  readonly dataDirectory: string;
  readonly store: EventStoreConfiguration;
  readonly readModelsPath: string;
}

export function ledgerLocation(dataDirectory: string | undefined, environment = process.env): LedgerLocation {
  // An empty value would resolve to the current directory, and a new ledger be made there: the API refuses it too.
  if (dataDirectory === '') throw new UsageError('--data-dir must not be empty');
  if (dataDirectory === undefined && environment.LEDGER_DATA_DIR === '') {
    throw new UsageError('LEDGER_DATA_DIR must not be empty: unset it for ./data, or pass --data-dir');
  }
  const directory = resolve(dataDirectory ?? environment.LEDGER_DATA_DIR ?? './data');
  if (existsSync(directory) && !statSync(directory).isDirectory()) {
    throw new UsageError(`the data directory ${directory} is not a directory: pass --data-dir or set LEDGER_DATA_DIR`);
  }
  const kind = environment.LEDGER_STORE ?? 'sqlite';
  const readModelsPath = join(directory, 'read-models.db');
  if (kind === 'sqlite') {
    return { dataDirectory: directory, store: { kind, path: embeddedLogPath(directory) }, readModelsPath };
  }
  if (kind !== 'eventstoredb') throw new UsageError(`LEDGER_STORE must be one of sqlite, eventstoredb (got "${kind}")`);
  const given = environment.EVENTSTORE_CONNECTION_STRING ?? '';
  const problem = connectionStringProblem(given);
  if (problem !== undefined) {
    throw new UsageError(
      `EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string when LEDGER_STORE=eventstoredb: ${problem}`,
    );
  }
  return { dataDirectory: directory, store: { kind, connectionString: given }, readModelsPath };
}

/**
 * An embedded ledger that is not there is a usage error: a command that only works on one creates
 * nothing, neither the file nor, in an empty file or another database, the log's tables.
 */
export function assertLedgerExists(location: LedgerLocation): void {
  if (location.store.kind !== 'sqlite') return;
  const { path } = location.store;
  refuseDamagedLedger(path);
  const problem = existsSync(path) ? notAnEventLog(path) : 'there is no such file';
  if (problem) {
    throw new UsageError(
      `no ledger at ${path} (${problem}): pass --data-dir or set LEDGER_DATA_DIR to the directory of events.db`,
    );
  }
}

/** An embedded log that cannot be read whole: a finding (exit 1) for every command, and `verify`'s answer. */
export class DamagedLedgerError extends Error {
  override readonly name = 'DamagedLedgerError';

  constructor(
    readonly path: string,
    readonly damage: string,
    options: ErrorOptions & { readonly atOpen?: boolean } = {},
  ) {
    super(
      options.atOpen
        ? `the ledger at ${path} cannot be opened (${damage}); nothing was changed in it: restore it from a backup`
        : `the ledger at ${path} cannot be read (${damage}): restore it from a backup`,
      options,
    );
  }
}

/**
 * A log that lost one of its tables is a finding (exit 1), for every command: neither "no ledger"
 * nor a new one made over what is left.
 */
function refuseDamagedLedger(path: string): void {
  const damage = existsSync(path) ? damagedEventLog(path) : undefined;
  if (damage) throw new DamagedLedgerError(path, damage, { atOpen: true });
}

/** SQLite's words for a page found damaged on the way ("database disk image is malformed") name no file. */
function namingDamagedLog(location: LedgerLocation, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (location.store.kind !== 'sqlite' || typeof code !== 'string' || !code.startsWith('SQLITE_CORRUPT')) return error;
  return new DamagedLedgerError(location.store.path, (error as Error).message, { cause: error });
}

/** Opens the ledger's store; an embedded ledger that is not there is a usage error, never silently created. */
export function openLedger(location: LedgerLocation, options: { readonly create?: boolean } = {}): EventStore {
  if (!options.create) assertLedgerExists(location);
  else if (location.store.kind === 'sqlite') refuseDamagedLedger(location.store.path);
  if (location.store.kind === 'sqlite' && options.create) makeDirectories(location.dataDirectory);
  try {
    return openEventStore(location.store);
  } catch (error) {
    if (error instanceof NotAnEventLogError) {
      throw new UsageError(`no ledger at ${error.path} (${error.reason}): leave it as it is`);
    }
    const code = (error as { code?: unknown }).code;
    if (location.store.kind !== 'sqlite' || code !== 'SQLITE_CANTOPEN') throw error;
    // SQLite's own words name neither the file nor why: a ledger on read-only media is the usual case.
    throw new Error(
      `cannot open ${location.store.path} (${(error as Error).message}): the embedded store needs to open it for ` +
        'writing and to create its -wal and -shm files beside it, also only to read it; on read-only media, ' +
        'copy the data directory to a writable place first',
      { cause: error },
    );
  }
}

/** Runs `work` with the store open, and closes it whatever happens. */
export async function withLedger<T>(
  location: LedgerLocation,
  work: (store: EventStore) => Promise<T>,
  options: { readonly create?: boolean } = {},
): Promise<T> {
  let store: EventStore | undefined;
  try {
    store = openLedger(location, options);
    return await work(store);
  } catch (error) {
    throw namingDamagedLog(location, error);
  } finally {
    await store?.close();
  }
}
