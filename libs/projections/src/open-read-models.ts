import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';

/**
 * The shape of what the read models store, person states above all, kept in the file's
 * `user_version`. Raise it whenever that shape changes: a file written under another one would be
 * misread, so it is discarded and the projector builds it again from the log. 1: each coverage
 * period carries its own enrolment details and changes (files before it say 0). 2: a document ends
 * at the earliest end reported, where 1 kept the first one recorded. 3: the audit trail keeps every
 * actor as JSON, a name too, so that it reads back as the event named it. 4: a document keeps the
 * day it was reported lost, whatever ended it first. 5: the audit trail keeps an insurer's records
 * in no person's stream too (unmatched checks, restricted-data exports), with no person id. 6: a
 * registration change carried from the previous insurer is marked so (R37), and a person state no
 * longer keeps the last ratio change, which each period's changes hold. 7: each coverage period keeps
 * the id of the enrolment event that began it, which a correction names. 8: the audit trail keeps
 * each event's id. 9: each coverage period keeps the reason and the event id of its loss. 10: a
 * document keeps every end reported, which a corrected loss moves its own of. 11: the audit trail
 * keeps the clinic and the validity of each eligibility check. 12: a registration change pending
 * cancellation keeps who asked for it (R25).
 */
export const readModelsVersion = 12;

/**
 * The read models' SQLite file. `synchronous=NORMAL` in WAL mode keeps every transaction atomic;
 * a power loss can only drop the last batches together with their checkpoint, and the projector
 * then applies them again. Read models are rebuildable, the log is the durable record. A file of
 * another `readModelsVersion` is replaced by an empty one.
 */
export function openReadModels(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = openWritable(path);
    if (db.pragma('user_version', { simple: true }) === readModelsVersion) return db;
    if (isEmpty(db)) return stamped(db);
  } catch (error) {
    db?.close();
    throw damaged(path, error);
  }
  db.close();
  removeReadModelFiles(path);
  return stamped(openWritable(path));
}

/**
 * The read models' file that `openReadModels` opened, on another connection, to write from another
 * thread (ADR 0017): as it is, never created or replaced.
 */
export function openReadModelsAgain(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  return db;
}

/** The read models' file is no SQLite database, or a damaged one: only a full rebuild replaces it. */
export class DamagedReadModelsError extends Error {
  override readonly name = 'DamagedReadModelsError';

  constructor(
    readonly path: string,
    cause: Error,
  ) {
    super(
      `the read models at ${path} cannot be read (${cause.message}): \`ledger rebuild\` builds them again from the log and replaces the file`,
      { cause },
    );
  }
}

const damagedCodes: ReadonlySet<unknown> = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

const damaged = (path: string, error: unknown): unknown =>
  damagedCodes.has((error as { code?: unknown }).code) ? new DamagedReadModelsError(path, error as Error) : error;

/** Runs a read of the read models at `path`; a page found damaged on the way is reported naming the file. */
export function readingReadModels<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw damaged(path, error);
  }
}

/**
 * The read models opened to look at them, changing nothing (`ledger stats`): read-only, no journal
 * mode set, no tables created, and a file of another version left as it is for whoever owns it.
 * `current` says whether its rows are in this build's shape.
 */
export function openReadModelsToLook(path: string): {
  readonly db: Database.Database;
  readonly version: number;
  readonly current: boolean;
} {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    return { db, version, current: version === readModelsVersion };
  } catch (error) {
    db.close();
    throw damaged(path, error);
  }
}

function openWritable(path: string): Database.Database {
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

const isEmpty = (db: Database.Database): boolean =>
  db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() === undefined;

function stamped(db: Database.Database): Database.Database {
  db.pragma(`user_version = ${readModelsVersion}`);
  return db;
}

/**
 * A new file for a rebuild, replacing any leftover. No syncing: until it is swapped in, a crash or
 * a failed batch only costs the file, which the next start discards; the swap flushes it to disk
 * first. WAL so that the rebuild's reads never wait for its writer thread, which commits on a
 * connection of its own. A larger page cache keeps the person states being updated in memory.
 */
export function openRebuildTarget(path: string): Database.Database {
  removeReadModelFiles(path);
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = ${-rebuildCacheKibibytes}`);
  return stamped(db);
}

const rebuildCacheKibibytes = 32 * 1024;
/** For a new file only: person states are a kilobyte or more, and 16 KiB pages split and overflow less than 4 KiB ones. */
const pageSize = 16 * 1024;

/** The files SQLite keeps for the read models at `path`: the file itself and its journals. */
export const readModelFiles = (path: string): readonly string[] =>
  ['', '-journal', '-wal', '-shm'].map((suffix) => `${path}${suffix}`);

/** Removes a read-models file with its journal, WAL and shared-memory files, or only those. */
export function removeReadModelFiles(path: string, { keepMainFile = false } = {}): void {
  for (const file of readModelFiles(path).slice(keepMainFile ? 1 : 0)) rmSync(file, { force: true });
}
