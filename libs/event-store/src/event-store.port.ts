import { type Observable } from 'rxjs';

/** What the caller expects of the stream before its append: a mismatch is a conflict, nothing is written. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventToAppend {
  /** A UUID; the store makes a time-ordered one (v7) when absent. Re-appending an id is idempotent. */
  readonly id?: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Keys the store adds to every event's metadata: the per-stream hash chain (R41). */
export const chainKeys = { hash: '$hash', previousHash: '$previousHash' } as const;

export interface RecordedEvent {
  readonly id: string;
  readonly stream: string;
  /** 0-based position in its stream. */
  readonly revision: number;
  /**
   * Position in the whole log ($all), above 0 and increasing in log order; dense on SQLite (its
   * rowid), a byte offset in the transaction log on EventStoreDB: count events by reading them.
   */
  readonly position: number;
  /** ISO-8601 instant the store recorded the event at. */
  readonly recordedAt: string;
  readonly type: string;
  readonly data: unknown;
  /** The caller's metadata plus `$hash` and `$previousHash`. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next expected revision. */
  readonly revision: number;
  /** Global position of the last event written (or found again, for an idempotent repeat). */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
  /** True when these ids were in the stream already: the events are what the first append recorded. */
  readonly repeated?: true;
}

export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive; defaults to the first revision forwards and the last backwards. */
  readonly fromRevision?: number;
  readonly direction?: Direction;
  readonly maxCount?: number;
}

/**
 * A forwards read starts at the beginning of the log, or after a position; a backwards read always
 * starts at the end. Positions are the store's own (an EventStoreDB position is a byte offset in its
 * transaction log), so a caller never computes one: it passes back a position the store gave out.
 */
export type ReadAllOptions = {
  readonly maxCount?: number;
  readonly filter?: EventFilter;
} & (
  | {
      readonly direction?: 'forwards';
      /** An event's position (or the head): the read starts with the event after it. 0 or absent: from the start. */
      readonly after?: number;
    }
  | { readonly direction: 'backwards' }
);

export interface SubscribeToAllOptions {
  /** Deliver events after this position (the last one the subscriber saw); 0 or absent: from the start. */
  readonly after?: number;
  readonly filter?: EventFilter;
}

/**
 * The ledger's memory, modelled on EventStoreDB so that the embedded SQLite store and the
 * clustered store keep one meaning (ARCHITECTURE.md). Reads are async iterables that page, so no
 * caller ever holds a whole stream or log in memory.
 */
export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from `after`, then follows live appends, without gap or duplicate at the hand-over. */
  subscribeToAll(options?: SubscribeToAllOptions): Observable<RecordedEvent>;
  /** Position of the last event in the log, 0 when empty: projections measure their lag against it. */
  headPosition(): Promise<number>;
  /**
   * Position of the stream's last event, undefined for a stream without events: whether a read
   * model that folded the log up to some position is current for this stream, without reading an
   * event.
   */
  streamHeadPosition(stream: string): Promise<number | undefined>;
  /**
   * Each stream's last revision and hash as the store records them apart from the events, by
   * stream name; only a store that keeps such a record (the embedded store's `streams` table) has
   * it. Verification compares it with the chains: events cut from a stream's end leave a chain
   * that is intact in itself.
   */
  recordedHeads?(): AsyncIterable<RecordedHead>;
  /**
   * True where positions run 1, 2, 3… with none skipped (the embedded store: the rowid, never
   * reused but for the last): verification then takes a skipped position for a removed event.
   * EventStoreDB's positions are byte offsets.
   */
  readonly densePositions?: boolean;
  close(): Promise<void>;
}

export interface RecordedHead {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
}
