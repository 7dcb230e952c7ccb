import type Database from 'better-sqlite3';
import { type ExpectedRevision } from '../event-store.port';
import { type ChainedEvent, chainLinks } from '../chain-links';
import { withChainJson } from '../hash-chain';
import { isExpected } from '../expected-revision';
import { recordedAtNotBefore } from '../recorded-at';
import { type EventRow, eventColumns, idsUniqueIn, rowId, rowStream } from './schema';
import { StreamHeads } from './stream-heads';

export interface AppendToWrite {
  readonly stream: string;
  /** Plain data, so that an append crosses to a writer thread as it is. */
  readonly events: readonly ChainedEvent[];
  readonly expected: ExpectedRevision;
}

/**
 * How one append of a commit ended, as plain data: the rows it wrote (or, for a repeat, the rows
 * the same ids wrote before), or why it was refused. The store turns it into a result or an error.
 */
export type WriteOutcome =
  | { readonly kind: 'written'; readonly rows: readonly EventRow[] }
  | { readonly kind: 'repeated'; readonly rows: readonly EventRow[] }
  | {
      readonly kind: 'conflict';
      readonly stream: string;
      readonly expected: ExpectedRevision;
      readonly actual: number | 'no_stream';
    }
  | { readonly kind: 'duplicate-id'; readonly stream: string; readonly eventId: string };

/**
 * The write side of the embedded log on one connection: commits a group of appends in one IMMEDIATE
 * transaction, each checked on its own (expected revision, repeated ids), and links every event to
 * its stream's chain (R41). The store runs it in its own thread, or in a writer thread on a second
 * connection (ADR 0014).
 */
export class LogWriter {
  private readonly heads: StreamHeads;
  private readonly statements;
  /** The event this id names, if any, looked up where the log holds ids unique. */
  private readonly earlierEvent: (stream: string, id: string) => EventRow | undefined;
  /** Built once: better-sqlite3 wraps the function anew on every `transaction()` call. */
  private readonly commitGroup: Database.Transaction<(appends: readonly AppendToWrite[], now: Date) => WriteOutcome[]>;

  constructor(db: Database.Database) {
    this.heads = new StreamHeads(db);
    this.statements = {
      insert: db.prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      lastRecordedAt: db.prepare<[], string>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck(),
    };
    const select = `SELECT ${eventColumns} FROM events`;
    if (idsUniqueIn(db) === 'stream') {
      const inStream = db.prepare<[string, string], EventRow>(`${select} WHERE stream = ? AND id = ?`).raw(true);
      this.earlierEvent = (stream, id) => inStream.get(stream, id);
    } else {
      const inLog = db.prepare<[string], EventRow>(`${select} WHERE id = ?`).raw(true);
      this.earlierEvent = (_stream, id) => inLog.get(id);
    }
    this.commitGroup = db.transaction((appends: readonly AppendToWrite[], now: Date) => {
      this.heads.beginTransaction();
      // Read under the write lock: another connection's last commit counts too.
      const recordedAt = recordedAtNotBefore(now, this.statements.lastRecordedAt.get());
      return appends.map((append) => this.appendInTransaction(append, recordedAt));
    });
  }

  /** Commits the appends together; throws, with nothing written, when SQLite cannot commit them. */
  commit(appends: readonly AppendToWrite[], now: Date): WriteOutcome[] {
    try {
      // IMMEDIATE: the write lock comes first, so heads are checked against a file no one else can change.
      return this.commitGroup.immediate(appends, now);
    } catch (error) {
      // Rolled back: the heads remembered during the transaction were never written.
      this.heads.forget();
      throw error;
    }
  }

  /** Checks come before any write, so a refused append leaves nothing behind in the shared transaction. */
  private appendInTransaction({ stream, events, expected }: AppendToWrite, recordedAt: string): WriteOutcome {
    const repeat = this.findRepeat(stream, events);
    if (repeat) return repeat;
    // A stream expected to be new needs no head lookup: creating its head row is the check.
    const creating = expected === 'no_stream';
    const head = creating ? undefined : this.heads.get(stream);
    const conflict = (): WriteOutcome => ({
      kind: 'conflict',
      stream,
      expected,
      actual: this.heads.get(stream)?.revision ?? 'no_stream',
    });
    if (!isExpected(expected, head ? head.revision : 'no_stream')) return conflict();
    const links = chainLinks(stream, events, head, recordedAt);
    const last = links.at(-1)!;
    const newHead = { revision: last.revision, hash: last.hash };
    if (creating && !this.heads.tryCreate(stream, newHead)) return conflict();
    const rows = links.map(({ event, id, revision, hash, previousHash }): EventRow => {
      const metadataJson = withChainJson(event.metadataJson, hash, previousHash);
      const { lastInsertRowid } = this.statements.insert.run(
        id,
        stream,
        revision,
        event.type,
        event.data,
        metadataJson,
        recordedAt,
      );
      return [Number(lastInsertRowid), id, stream, revision, event.type, event.data, metadataJson, recordedAt];
    });
    if (!creating) this.heads.write(stream, newHead);
    return { kind: 'written', rows };
  }

  /** The same ids again in the same stream answer with the first result; a partial overlap is refused. */
  private findRepeat(stream: string, events: readonly ChainedEvent[]): WriteOutcome | undefined {
    if (events.every((event) => event.id === undefined)) return undefined;
    const found = events.map((event) => (event.id === undefined ? undefined : this.earlierEvent(stream, event.id)));
    if (found.every((row) => row === undefined)) return undefined;
    const appendedBefore = found.filter((row): row is EventRow => row !== undefined);
    const recorded = appendedBefore.filter((row) => row[rowStream] === stream);
    if (recorded.length !== events.length) {
      // The error names an id that was appended before: one in another stream if any.
      const clash = appendedBefore.find((row) => row[rowStream] !== stream) ?? appendedBefore[0]!;
      return { kind: 'duplicate-id', stream, eventId: clash[rowId] };
    }
    return { kind: 'repeated', rows: recorded };
  }
}
