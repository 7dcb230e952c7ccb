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
import { type CheckedEvent, checkAppend } from '../limits';
import { filterClause } from './filter-clause';
import {
  type GroupWriter,
  groupWriterInThisThread,
  openWriterThread,
  type ThreadGroupWriter,
  writerThreadCanOpen,
} from './group-writer';
import { type WriteOutcome } from './log-writer';
import { foreignDatabaseAt } from './not-an-event-log';
import { fromPages } from './paged';
import { type EventRow, eventColumns as columns, prepareSchema, rowPosition, rowRevision } from './schema';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests. */
  readonly path: string;
  readonly clock?: () => Date;
  /** Rows per page of a read: bounds the memory any read holds. */
  readonly pageSize?: number;
  /**
   * Groups of at most this many appends commit in this thread even where a writer thread runs. The
   * messages to the thread and back cost about a millisecond a group: a group this small commits
   * faster here, and a batch's groups of hundreds gain from the thread (ADR 0014).
   */
  readonly appendsCommittedNearby?: number;
  /**
   * How often a subscription waiting for events asks SQLite whether another connection committed
   * (200 ms unless set): a reader beside the writing process, such as the projector's thread, polls
   * more often (ADR 0017).
   */
  readonly otherWritersPollMs?: number;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly CheckedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The embedded store (better-sqlite3, WAL, synchronous=FULL). Appends that arrive while one group
 * is being committed wait for it and are committed together in one transaction (group commit);
 * each is checked on its own, so one conflicting append fails alone. Large groups commit in a
 * writer thread on a connection of its own, small ones and every read on this thread's (ADR 0014).
 */
export class SqliteEventStore implements EventStore {
  readonly densePositions = true;
  private readonly db: Database.Database;
  private readonly path: string;
  private readonly clock: () => Date;
  private readonly pageSize: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  /** The group being committed; appends made meanwhile wait for it and form the next. */
  private committing?: Promise<void>;
  private answeringCommit = false;
  private flushesWithoutTurn = 0;
  private readonly headWaiters = new Set<() => void>();
  /** Runs while a subscription waits: see `waitForHeadPast`. */
  private otherWritersPoll?: NodeJS.Timeout;
  private seenDataVersion: number;
  private closed = false;
  private readonly statements;
  private readonly readStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  /** Commits the small groups (`appendsCommittedNearby`), and all of them where no thread can. */
  private readonly nearbyWriter: GroupWriter;
  /** Started by the first large group: a store that is only read never starts it. */
  private threadWriter?: ThreadGroupWriter;
  private readonly threadCanOpen: boolean;
  private readonly appendsCommittedNearby: number;
  private readonly otherWritersPollMs: number;

  constructor(options: SqliteEventStoreOptions) {
    refuseForeignDatabase(options.path);
    this.db = new Database(options.path);
    this.path = options.path;
    this.clock = options.clock ?? (() => new Date());
    this.pageSize = options.pageSize ?? 500;
    prepareSchema(this.db);
    this.statements = {
      headPosition: this.db.prepare<[], { head: number }>('SELECT coalesce(max(position), 0) AS head FROM events'),
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
    this.nearbyWriter = groupWriterInThisThread(this.db);
    this.threadCanOpen = writerThreadCanOpen(this.db);
    this.appendsCommittedNearby = options.appendsCommittedNearby ?? 64;
    this.otherWritersPollMs = options.otherWritersPollMs ?? 200;
  }

  /** Where groups larger than `appendsCommittedNearby` commit: a writer thread, or this one for an in-memory log and the sources under jest (ADR 0014). */
  get commitsIn(): 'writer-thread' | 'this-thread' {
    return this.threadCanOpen ? 'writer-thread' : 'this-thread';
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
    if (this.committing || this.pending.length === 0) return;
    const group = this.pending;
    this.pending = [];
    let committed: Promise<readonly WriteOutcome[]>;
    try {
      const writer =
        group.length <= this.appendsCommittedNearby || !this.threadCanOpen
          ? this.nearbyWriter
          : this.runningThreadWriter();
      committed = writer.commit(group, this.clock());
    } catch (error) {
      // No writer thread could be started (the process may have no thread left): the group is refused.
      committed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.committing = committed.then(
      (outcomes) => {
        this.committing = undefined;
        group.forEach((append, index) => answer(append, outcomes[index]!));
        this.markAnsweringCommit();
        this.wakeHeadWaiters();
        this.flushGathered();
      },
      (error: unknown) => {
        this.committing = undefined;
        // Not committed, or not known to be (the writer thread stopped): nothing of it is acknowledged.
        const refused = isSqliteError(error) ? new EventLogWriteError(this.path, error) : error;
        for (const append of group) append.reject(refused);
        this.flushGathered();
      },
    );
  }

  /**
   * The writer thread, started again if it stopped (out of memory, an error it did not catch): the
   * group it held was refused, not acknowledged, and the next large group need not be refused too.
   */
  private runningThreadWriter(): GroupWriter {
    if (!this.threadWriter || this.threadWriter.stopped) this.threadWriter = openWriterThread(this.db);
    return this.threadWriter;
  }

  /** The appends made while a group was committed form the next one. */
  private flushGathered(): void {
    if (this.pending.length === 0 || this.flushScheduled) return;
    this.flushScheduled = true;
    this.scheduleFlush();
  }

  private wakeHeadWaiters(): void {
    for (const wake of [...this.headWaiters]) wake();
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
      // Closed, it answers at once: the subscription then sees the store closed and completes.
      if (signal.aborted || this.closed || this.statements.headPosition.get()!.head > position) return resolve();
      const wake = () => {
        this.headWaiters.delete(wake);
        signal.removeEventListener('abort', wake);
        if (this.headWaiters.size === 0) this.stopPollingOtherWriters();
        resolve();
      };
      this.headWaiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
      this.otherWritersPoll ??= setInterval(() => this.pollOtherWriters(), this.otherWritersPollMs).unref();
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
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.committing || this.pending.length > 0) {
      if (this.committing) await this.committing;
      else this.flush();
    }
    this.wakeHeadWaiters();
    await this.threadWriter?.close();
    this.db.close();
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

const maxFlushesWithoutTurn = 16;
/** Shapes of log reads kept prepared at most (`readStatement`). */
const maxReadStatements = 64;
/** SQLite's largest rowid: reads of the whole log take every row, also one a hand moved out of JavaScript's range. */
const maxRowid = 2n ** 63n - 1n;

/** Settles an append as its writer's outcome says. */
function answer(append: PendingAppend, outcome: WriteOutcome): void {
  switch (outcome.kind) {
    case 'written':
    case 'repeated':
      return append.resolve(appendResult(outcome.rows, outcome.kind === 'repeated'));
    case 'conflict':
      return append.reject(new WrongExpectedRevisionError(outcome.stream, outcome.expected, outcome.actual));
    case 'duplicate-id':
      return append.reject(new DuplicateEventIdError(outcome.stream, outcome.eventId));
  }
}

/**
 * The result of an append from the rows it wrote. Its events are decoded from those rows on first
 * read, exactly as a read would decode them: most appenders (the access recorder's drain, a copy)
 * want only the revision and position, and decoding each event was a tenth of a durable append.
 */
function appendResult(rows: readonly EventRow[], repeated: boolean): AppendResult {
  const last = rows.at(-1)!;
  let events: readonly RecordedEvent[] | undefined;
  return {
    revision: last[rowRevision],
    position: last[rowPosition],
    ...(repeated ? { repeated: true as const } : {}),
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
