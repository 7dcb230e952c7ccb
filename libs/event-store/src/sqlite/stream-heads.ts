import type Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/**
 * Stream heads (revision and last hash) remembered between appends, so that an append checks its
 * expected revision without a query. The `streams` table stays the truth: another process may
 * write the same file (a CLI beside the API), so each batch first asks SQLite whether any other
 * connection committed since (`PRAGMA data_version`, inside the batch's IMMEDIATE transaction)
 * and forgets everything if so. It asks only when a remembered head is about to be trusted: a
 * transaction that only creates streams never does. Bounded: the least recently used streams are
 * forgotten first.
 */
export class StreamHeads {
  private readonly known: LRUCache<string, StreamHead>;
  private readonly select: Database.Statement<[string], StreamHead>;
  private readonly create: Database.Statement<[string, number, string]>;
  private readonly upsert: Database.Statement<[string, number, string]>;
  private readonly dataVersion: Database.Statement<[], { data_version: number }>;
  private seenVersion = -1;
  private checkedInTransaction = false;

  constructor(db: Database.Database, capacity = 100_000) {
    this.known = new LRUCache({ max: capacity });
    this.select = db.prepare('SELECT revision, hash FROM streams WHERE stream = ?');
    this.create = db.prepare(
      'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO NOTHING',
    );
    this.upsert = db.prepare(
      'INSERT INTO streams (stream, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
    );
    this.dataVersion = db.prepare('PRAGMA data_version');
  }

  /** Call at the start of each write transaction, once the write lock is held. */
  beginTransaction(): void {
    this.checkedInTransaction = false;
  }

  get(stream: string): StreamHead | undefined {
    return this.remembered(stream) ?? this.load(stream);
  }

  private load(stream: string): StreamHead | undefined {
    const stored = this.select.get(stream);
    if (stored) this.known.set(stream, stored);
    return stored;
  }

  /** The head if remembered, without asking SQLite: undefined may still mean the stream exists. */
  remembered(stream: string): StreamHead | undefined {
    this.forgetIfOthersWrote();
    return this.known.get(stream);
  }

  private forgetIfOthersWrote(): void {
    if (this.checkedInTransaction) return;
    this.checkedInTransaction = true;
    const version = this.dataVersion.get()!.data_version;
    if (version !== this.seenVersion) this.known.clear();
    this.seenVersion = version;
  }

  /**
   * Writes the head of a stream expected not to exist; false (and nothing written) when it does.
   * The insert is the check, so nothing remembered is consulted: a new stream costs one statement,
   * as its head must be written anyway.
   */
  tryCreate(stream: string, head: StreamHead): boolean {
    if (this.create.run(stream, head.revision, head.hash).changes === 0) return false;
    this.known.set(stream, head);
    return true;
  }

  /** Writes the stream's new head within the current transaction; `forget` must follow a rollback. */
  write(stream: string, head: StreamHead): void {
    this.upsert.run(stream, head.revision, head.hash);
    this.known.set(stream, head);
  }

  /** After a rollback: what was remembered during it was never written. */
  forget(): void {
    this.known.clear();
  }
}
