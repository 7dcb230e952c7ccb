import Database from 'better-sqlite3';
import { type Observable } from 'rxjs';
import { catchUpSubscription } from '../catch-up-subscription';
import {
  DuplicateEventIdError,
  EventLogWriteError,
  NotAnEventLogError,
  UndecodableEventError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type RecordedHead,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { chainLinks } from '../chain-links';
import { withChainJson } from '../hash-chain';
import { type CheckedEvent, checkAppend } from '../limits';
import { isExpected } from '../expected-revision';
import { recordedAtNotBefore } from '../recorded-at';
import { filterClause } from './filter-clause';
import { foreignDatabaseAt } from './not-an-event-log';
import { fromPages } from './paged';
import { type EventRow, eventColumns as columns, prepareSchema, rowPosition, rowRevision } from './schema';
import { StreamHeads } from './stream-heads';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests. */
  readonly path: string;
  readonly clock?: () => Date;
  /** Rows per page of a read: bounds the memory any read holds. */
  readonly pageSize?: number;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly CheckedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly result: AppendResult } | { readonly error: unknown };

/**
 * The embedded store (better-sqlite3, WAL, synchronous=FULL). Appends that arrive while one batch
 * is being committed wait for the next tick and are committed together in one transaction (group
 * commit); each is checked on its own, so one conflicting append fails alone.
 */
export class SqliteEventStore implements EventStore {
  readonly densePositions = true;
  private readonly db: Database.Database;
  private readonly path: string;
  private readonly clock: () => Date;
  private readonly pageSize: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private answeringCommit = false;
  private flushesWithoutTurn = 0;
  private readonly headWaiters = new Set<() => void>();
  /** Runs while a subscription waits: see `waitForHeadPast`. */
  private otherWritersPoll?: NodeJS.Timeout;
  private seenDataVersion: number;
  private closed = false;
  private readonly statements;
  private readonly readStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly heads: StreamHeads;
  /** Built once: better-sqlite3 wraps the function anew on every `transaction()` call. */
  private readonly commitBatch: Database.Transaction<(batch: readonly PendingAppend[], now: Date) => Outcome[]>;

  constructor(options: SqliteEventStoreOptions) {
    refuseForeignDatabase(options.path);
    this.db = new Database(options.path);
    this.path = options.path;
    this.clock = options.clock ?? (() => new Date());
    this.pageSize = options.pageSize ?? 500;
    prepareSchema(this.db);
    this.statements = {
      byId: this.db.prepare<[string], EventRow>(`SELECT ${columns} FROM events WHERE id = ?`).raw(true),
      insert: this.db.prepare(
        'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      headPosition: this.db.prepare<[], { head: number }>('SELECT coalesce(max(position), 0) AS head FROM events'),
      lastRecordedAt: this.db
        .prepare<[], string>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1')
        .pluck(),
      // Answered from the (stream, revision) index alone: the position is the rowid it holds.
      streamHeadPosition: this.db
        .prepare<[string], number>('SELECT position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1')
        .pluck(),
      dataVersion: this.db.prepare<[], { data_version: number }>('PRAGMA data_version'),
      streamForwards: this.db
        .prepare<[string, number, number], EventRow>(
          `SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      streamBackwards: this.db
        .prepare<[string, number, number], EventRow>(
          `SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
    };
    this.seenDataVersion = this.statements.dataVersion.get()!.data_version;
    this.heads = new StreamHeads(this.db);
    this.commitBatch = this.db.transaction((batch: readonly PendingAppend[], now: Date) => {
      this.heads.beginTransaction();
      // Read under the write lock: another connection's last commit counts too.
      const recordedAt = recordedAtNotBefore(now, this.statements.lastRecordedAt.get());
      return batch.map((append) => this.appendInTransaction(append, recordedAt));
    });
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return new Promise((resolve, reject) => {
      // A limit error rejects here, before anything is queued.
      const checked = checkAppend(stream, events);
      this.pending.push({ stream, events: checked, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.scheduleFlush();
      }
    });
  }

  /**
   * Appends made while a commit's callers are being answered come from those callers' microtasks,
   * and all of them are queued before a microtask queued now runs: they need no event-loop turn to
   * gather, and an appender that awaits each append saves one turn per commit. Any other append
   * (a request read from a socket) waits for `setImmediate`, after the poll phase has read every
   * request that arrived during the last commit, so that they share the next one. A bounded number
   * of commits run without a turn, so that an appender in a loop still lets I/O and timers in.
   */
  private scheduleFlush(): void {
    if (this.answeringCommit && this.flushesWithoutTurn < maxFlushesWithoutTurn) {
      this.flushesWithoutTurn += 1;
      queueMicrotask(() => this.flush());
    } else {
      this.flushesWithoutTurn = 0;
      setImmediate(() => this.flush());
    }
  }

  /** Marks the microtasks that follow a commit, up to the first tick after they have all run. */
  private markAnsweringCommit(): void {
    this.answeringCommit = true;
    queueMicrotask(() => process.nextTick(() => (this.answeringCommit = false)));
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      // IMMEDIATE: the write lock comes first, so heads are checked against a file no one else can change.
      outcomes = this.commitBatch.immediate(batch, this.clock());
    } catch (error) {
      // Nothing of the batch was committed, so nothing of it is acknowledged.
      this.heads.forget();
      const refused = isSqliteError(error) ? new EventLogWriteError(this.path, error) : error;
      for (const append of batch) append.reject(refused);
      return;
    }
    batch.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.markAnsweringCommit();
    this.wakeHeadWaiters();
  }

  private wakeHeadWaiters(): void {
    for (const wake of [...this.headWaiters]) wake();
  }

  /** Checks come before any write, so a refused append leaves nothing behind in the shared transaction. */
  private appendInTransaction({ stream, events, expected }: PendingAppend, recordedAt: string): Outcome {
    const repeat = this.findRepeat(stream, events);
    if (repeat) return repeat;
    // A stream expected to be new needs no head lookup: creating its head row is the check.
    const creating = expected === 'no_stream';
    const head = creating ? undefined : this.heads.get(stream);
    const conflict = () =>
      ({
        error: new WrongExpectedRevisionError(stream, expected, this.heads.get(stream)?.revision ?? 'no_stream'),
      }) as const;
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
    return { result: appendResult(rows) };
  }

  /** The same ids again in the same stream answer with the first result; a partial overlap is refused. */
  private findRepeat(stream: string, events: readonly CheckedEvent[]): Outcome | undefined {
    if (events.every((event) => event.id === undefined)) return undefined;
    const found = events.map((event) => {
      const row = event.id === undefined ? undefined : this.statements.byId.get(event.id);
      return row && toRecordedEvent(row);
    });
    if (found.every((event) => event === undefined)) return undefined;
    const appendedBefore = found.filter((event): event is RecordedEvent => event !== undefined);
    const recorded = appendedBefore.filter((event) => event.stream === stream);
    if (recorded.length !== events.length) {
      // The error names an id that was appended before: one in another stream if any.
      const clash = appendedBefore.find((event) => event.stream !== stream) ?? appendedBefore[0]!;
      return { error: new DuplicateEventIdError(stream, clash.id) };
    }
    const last = recorded.at(-1)!;
    return { result: { revision: last.revision, position: last.position, events: recorded, repeated: true } };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    let next = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    return fromPages(() => {
      if (remaining <= 0) return [];
      const page = statement.all(stream, next, Math.min(this.pageSize, remaining));
      remaining = page.length < Math.min(this.pageSize, remaining) ? 0 : remaining - page.length;
      if (page.length > 0) next = page.at(-1)![rowRevision] + (backwards ? -1 : 1);
      return page;
    }, toRecordedEvent);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const bounds = options.direction === 'backwards' ? { below: maxRowid } : { above: options.after ?? 0 };
    return this.readPositions(bounds, options.maxCount, options.filter);
  }

  private readPositions(
    bounds: { above: number; upTo?: number } | { below: number | bigint },
    maxCount = Number.POSITIVE_INFINITY,
    filter?: EventFilter,
  ): AsyncIterable<RecordedEvent> {
    const backwards = 'below' in bounds;
    const where = filterClause(filter);
    const statement = this.readStatement(
      backwards
        ? `SELECT ${columns} FROM events WHERE position < ? ${where.sql} ORDER BY position DESC LIMIT ?`
        : `SELECT ${columns} FROM events WHERE position > ? AND position <= ? ${where.sql} ORDER BY position LIMIT ?`,
    );
    let cursor: number | bigint = backwards ? bounds.below : bounds.above;
    const upTo = backwards ? 0 : (bounds.upTo ?? maxRowid);
    let remaining = maxCount;
    return fromPages(() => {
      if (remaining <= 0) return [];
      const limit = Math.min(this.pageSize, remaining);
      const page = backwards
        ? statement.all(cursor, ...where.parameters, limit)
        : statement.all(cursor, upTo, ...where.parameters, limit);
      remaining = page.length < limit ? 0 : remaining - page.length;
      if (page.length > 0) cursor = page.at(-1)![rowPosition];
      return page;
    }, toRecordedEvent);
  }

  /**
   * A read of the log, prepared once per shape: a live subscription reads after every commit, and
   * preparing each time cost it more than the read. The text holds placeholders, not values, so the
   * shapes are few; the bound only keeps an unusual caller from growing the map.
   */
  private readStatement(sql: string): Database.Statement<unknown[], EventRow> {
    let statement = this.readStatements.get(sql);
    if (!statement) {
      if (this.readStatements.size >= maxReadStatements) this.readStatements.clear();
      statement = this.db.prepare<unknown[], EventRow>(sql).raw(true);
      this.readStatements.set(sql, statement);
    }
    return statement;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Observable<RecordedEvent> {
    return catchUpSubscription(
      {
        headPosition: () => this.headPosition(),
        readRange: (after, upTo, filter) => this.readPositions({ above: after, upTo }, undefined, filter),
        waitForHeadPast: (position, signal) => this.waitForHeadPast(position, signal),
        closed: () => this.closed,
      },
      options.after ?? 0,
      options.filter,
    );
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.statements.headPosition.get()!.head);
  }

  streamHeadPosition(stream: string): Promise<number | undefined> {
    return Promise.resolve(this.statements.streamHeadPosition.get(stream));
  }

  recordedHeads(): AsyncIterable<RecordedHead> {
    const statement = this.db.prepare<[string, number], RecordedHead>(
      'SELECT stream, revision, hash FROM streams WHERE stream > ? ORDER BY stream LIMIT ?',
    );
    let after = '';
    return fromPages(
      () => {
        const page = statement.all(after, this.pageSize);
        if (page.length > 0) after = page.at(-1)!.stream;
        return page;
      },
      (head) => head,
    );
  }

  /**
   * This store's own commits wake the waiters. Another process's (a `ledger import` beside the API)
   * do not, so while anyone waits the store asks SQLite every `otherWritersPollMs` whether another
   * connection committed (`PRAGMA data_version`), and wakes them if so.
   */
  private waitForHeadPast(position: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.statements.headPosition.get()!.head > position) return resolve();
      const wake = () => {
        this.headWaiters.delete(wake);
        signal.removeEventListener('abort', wake);
        if (this.headWaiters.size === 0) this.stopPollingOtherWriters();
        resolve();
      };
      this.headWaiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      this.otherWritersPoll ??= setInterval(() => this.pollOtherWriters(), otherWritersPollMs).unref();
    });
  }

  private pollOtherWriters(): void {
    const version = this.statements.dataVersion.get()!.data_version;
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    this.wakeHeadWaiters();
  }

  private stopPollingOtherWriters(): void {
    clearInterval(this.otherWritersPoll);
    this.otherWritersPoll = undefined;
  }

  /** Commits what is queued, then closes; appends after this are refused. */
  close(): Promise<void> {
    this.closed = true;
    if (this.pending.length > 0) this.flush();
    this.wakeHeadWaiters();
    this.db.close();
    return Promise.resolve();
  }
}

/**
 * By its code alone: under Jest each test file has its own SqliteError class and Error, and the native
 * module throws the last one's, which no `instanceof` of this file's recognises.
 */
const isSqliteError = (error: unknown): error is Error & { code: string } =>
  typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_');

/**
 * A file that holds another database, or none, is refused before it is opened for writing: the
 * store would add its tables to it, and a read-write open can checkpoint the other database's
 * -wal. An empty file, like a missing one, becomes a new log.
 */
function refuseForeignDatabase(path: string): void {
  const reason = path === ':memory:' ? undefined : foreignDatabaseAt(path);
  if (reason) throw new NotAnEventLogError(path, reason);
}

const otherWritersPollMs = 200;
const maxFlushesWithoutTurn = 16;
/** Shapes of log reads kept prepared at most (`readStatement`). */
const maxReadStatements = 64;
/** SQLite's largest rowid: reads of the whole log take every row, also one a hand moved out of JavaScript's range. */
const maxRowid = 2n ** 63n - 1n;

/**
 * The result of an append from the rows it wrote. Its events are decoded from those rows on first
 * read, exactly as a read would decode them: most appenders (the access recorder's drain, a copy)
 * want only the revision and position, and decoding each event was a tenth of a durable append.
 */
function appendResult(rows: readonly EventRow[]): AppendResult {
  const last = rows.at(-1)!;
  let events: readonly RecordedEvent[] | undefined;
  return {
    revision: last[rowRevision],
    position: last[rowPosition],
    get events() {
      return (events ??= rows.map(toRecordedEvent));
    },
  };
}

function toRecordedEvent([position, id, stream, revision, type, data, metadata, recordedAt]: EventRow): RecordedEvent {
  // SQLite takes rowids up to 2^63: one moved past 2^53 reads back as another number, and every append after it too.
  if (!Number.isSafeInteger(position)) {
    throw new UndecodableEventError(
      stream,
      revision,
      position,
      'its log position is beyond 2^53, where no append puts one',
    );
  }
  const parsed = {
    data: storedJson(data, 'data', stream, revision, position),
    metadata: storedJson(metadata, 'metadata', stream, revision, position),
  };
  if (typeof parsed.metadata !== 'object' || parsed.metadata === null || Array.isArray(parsed.metadata)) {
    throw new UndecodableEventError(stream, revision, position, 'its stored metadata is not a JSON object');
  }
  return {
    id,
    stream,
    revision,
    position,
    recordedAt,
    type,
    data: parsed.data,
    metadata: parsed.metadata as Record<string, unknown>,
  };
}

/**
 * A stored column as JSON. The parser's message quotes the text around the fault, which may be a
 * restricted person's address (R31): neither the words nor the cause of the error carry it, as
 * both reach logs and the CLI's output.
 */
function storedJson(
  text: string,
  column: 'data' | 'metadata',
  stream: string,
  revision: number,
  position: number,
): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UndecodableEventError(stream, revision, position, `its stored ${column} is not JSON`);
  }
}
