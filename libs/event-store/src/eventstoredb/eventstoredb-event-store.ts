import {
  AccessDeniedError,
  EventStoreDBClient,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  StreamNotFoundError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import {
  DuplicateEventIdError,
  EventStoreLimitError,
  UndecodableEventError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  type AppendResult,
  chainKeys,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { isExpected } from '../expected-revision';
import { chainLinks } from '../chain-links';
import { withChain } from '../hash-chain';
import { type CheckedEvent, checkAppend } from '../limits';
import { StreamLanes } from '../stream-lanes';
import { type EsdbClient, type EsdbRead, type EsdbRecordedEvent } from './eventstoredb-client.port';
import {
  isSystemEvent,
  recordedAtKey,
  startOrEnd,
  toEsdbDirection,
  toEsdbPosition,
  toEventData,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { passes } from '../event-filter';
import { recordedAtNotBefore } from '../recorded-at';

export interface EventStoreDbOptions {
  readonly clock?: () => Date;
  /**
   * Record the clock's instant as it is, also before the stream's last one: a migration copies each
   * event's recorded time, which the hash covers, from a log that an earlier build may have stamped
   * out of order. Otherwise a clock set back never stamps an event before the one it follows.
   */
  readonly recordedTimesAsGiven?: boolean;
  /** How far back a stream is searched for ids of a repeated append (ADR 0002). */
  readonly idempotencyWindow?: number;
  /** Attempts when another writer moves the stream between our read and our write. */
  readonly maxAttempts?: number;
  /** Delay before resubscribing after a dropped subscription. */
  readonly resubscribeDelayMs?: number;
  /**
   * Told of each subscription that dropped, before it resumes after the last position delivered:
   * `error` is undefined when the server ended it without one. Operators want to see drops that
   * keep coming, which the projector alone would only show as lag.
   */
  readonly onSubscriptionDropped?: (drop: SubscriptionDrop) => void;
}

export interface SubscriptionDrop {
  readonly error: unknown;
  readonly resumingAfter: number;
}

/**
 * The clustered store behind the same port. EventStoreDB guarantees idempotency only for an
 * exact expected revision, and knows nothing of our hash chain; so every append reads the
 * stream's head, looks for the ids, links the chain, and writes with the exact revision it read.
 * A writer that moved the stream in between makes that write fail; the adapter then retries when
 * the caller had asked for `any` or `stream_exists`, and reports a conflict otherwise.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly clock: () => Date;
  private readonly recordedTimesAsGiven: boolean;
  private readonly idempotencyWindow: number;
  private readonly maxAttempts: number;
  private readonly resubscribeDelayMs: number;
  private readonly onSubscriptionDropped: (drop: SubscriptionDrop) => void;
  private closed = false;

  constructor(
    private readonly client: EsdbClient,
    options: EventStoreDbOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.recordedTimesAsGiven = options.recordedTimesAsGiven ?? false;
    this.idempotencyWindow = options.idempotencyWindow ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 1000;
    this.onSubscriptionDropped = options.onSubscriptionDropped ?? (() => undefined);
  }

  static connect(connectionString: string, options?: EventStoreDbOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  private readonly streamLanes = new StreamLanes();

  /** Appends to one stream from this process go one after the other: retries are left for other processes. */
  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    // The client keeps working after dispose: a store closed must refuse by itself, as the embedded one does.
    this.refuseIfClosed();
    const checked = checkAppend(stream, events);
    return this.streamLanes.run(stream, () => this.appendChecked(stream, checked, expected));
  }

  private async appendChecked(
    stream: string,
    checked: readonly CheckedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      const tail = await this.readTail(stream, checked);
      if (tail.repeat) return { ...resultOf(tail.repeat), repeated: true };
      const actual = tail.head ? tail.head.revision : 'no_stream';
      if (!isExpected(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);
      try {
        return await this.write(stream, checked, tail.head);
      } catch (error) {
        if (error instanceof MaxAppendSizeExceededError) {
          // A server set lower than the port's limit, or the chain keys' bytes on top of it.
          throw new EventStoreLimitError(
            'APPEND_TOO_LARGE',
            `EventStoreDB refused the append to ${stream}: over its MaxAppendSize of ${error.maxAppendSize} bytes`,
          );
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const moved = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
        if (typeof expected === 'number' || expected === 'no_stream' || attempt >= this.maxAttempts) {
          throw new WrongExpectedRevisionError(stream, expected, moved);
        }
      }
    }
  }

  /** The stream's head, and the earlier append of these ids if this is a repeat. */
  private async readTail(
    stream: string,
    events: readonly CheckedEvent[],
  ): Promise<{ head?: RecordedEvent; repeat?: RecordedEvent[] }> {
    const ids = new Set(events.flatMap((event) => (event.id ? [event.id] : [])));
    const found: RecordedEvent[] = [];
    let head: RecordedEvent | undefined;
    for await (const event of this.readStreamFromLeader(stream, {
      direction: 'backwards',
      maxCount: ids.size > 0 ? this.idempotencyWindow : 1,
    })) {
      head ??= event;
      if (ids.has(event.id)) found.unshift(event);
      if (found.length === ids.size && ids.size > 0) break;
    }
    if (found.length === 0) return { head };
    if (found.length !== events.length) {
      throw new DuplicateEventIdError(stream, found[0]!.id);
    }
    return { head, repeat: found };
  }

  private async write(
    stream: string,
    events: readonly CheckedEvent[],
    head: RecordedEvent | undefined,
  ): Promise<AppendResult> {
    const recordedAt = this.recordedTimesAsGiven
      ? this.clock().toISOString()
      : recordedAtNotBefore(this.clock(), head?.recordedAt);
    const headHash = head ? ((head.metadata[chainKeys.hash] as string | undefined) ?? null) : null;
    const toWrite = chainLinks(stream, events, head && { revision: head.revision, hash: headHash }, recordedAt).map(
      ({ event, id, hash, previousHash }) =>
        toEventData(id, event.type, JSON.parse(event.data) as unknown, {
          ...withChain(event.metadata, hash, previousHash),
          [recordedAtKey]: recordedAt,
        }),
    );
    const expectedRevision = head ? BigInt(head.revision) : NO_STREAM;
    // The client writes after its dispose: a store closed while this append read its stream writes nothing.
    this.refuseIfClosed();
    const { success } = await this.client.appendToStream(stream, toWrite, { expectedRevision });
    // A client connected with throwOnAppendFailure=false answers a conflict instead of throwing it.
    if (!success) {
      const current = (await this.readTail(stream, [])).head?.revision;
      throw new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: expectedRevision,
        current: current === undefined ? NO_STREAM : BigInt(current),
      });
    }
    // Positions are the server's: read the written events back, from the leader that took them.
    const written: RecordedEvent[] = [];
    for await (const event of this.readStreamFromLeader(stream, {
      fromRevision: (head?.revision ?? -1) + 1,
      maxCount: events.length,
    })) {
      written.push(event);
    }
    if (written.length !== events.length) {
      throw new Error(`EventStoreDB acknowledged an append to ${stream} it does not give back`);
    }
    return resultOf(written);
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.readStreamOf(stream, options, false);
  }

  /**
   * An append reads its stream where it writes: a follower (`nodePreference`) may lag behind. After
   * an election the client reconnects only once a call has failed: a read the deposed leader refused
   * before giving any event (an append's head, or the read-back of what it wrote) is made again.
   */
  private async *readStreamFromLeader(stream: string, options: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    for (let attempt = 1; ; attempt += 1) {
      let given = false;
      try {
        for await (const event of this.readStreamOf(stream, options, true)) {
          given = true;
          yield event;
        }
        return;
      } catch (error) {
        if (given || !(error instanceof NotLeaderError) || attempt >= this.maxAttempts) throw error;
      }
    }
  }

  private async *readStreamOf(
    stream: string,
    options: ReadStreamOptions,
    requiresLeader: boolean,
  ): AsyncIterable<RecordedEvent> {
    // Before the call: one opened on a closed store would never be cancelled.
    this.refuseIfClosed();
    const reads = this.client.readStream(stream, {
      fromRevision: options.fromRevision === undefined ? startOrEnd(options.direction) : BigInt(options.fromRevision),
      direction: toEsdbDirection(options.direction),
      ...(options.maxCount !== undefined && { maxCount: options.maxCount }),
      ...(requiresLeader && { requiresLeader }),
    });
    try {
      for await (const { event } of cancelledIfLeft(reads)) if (event) yield toRecordedEvent(event);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    // Closing cancels the reads in flight, which the client ends as if they were complete.
    this.refuseIfClosed();
  }

  private refuseIfClosed(): void {
    if (this.closed) throw new Error('the event store is closed');
  }

  /**
   * The server reads forwards from a record's own position, that record included, and refuses a
   * position inside a record: so a read after `p` starts at `p` and leaves out the event there.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    this.refuseIfClosed();
    const after = options.direction === 'backwards' ? 0 : (options.after ?? 0);
    const reads = this.client.readAll({
      fromPosition: after > 0 ? toEsdbPosition(after) : startOrEnd(options.direction),
      direction: toEsdbDirection(options.direction),
    });
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    // System events and the filter are applied here, so the server's maxCount cannot be: the read is left instead.
    for await (const { event } of cancelledIfLeft(reads)) {
      if (!event || isSystemEvent(event) || !passes(event.type, event.streamId, options.filter)) continue;
      if (Number(event.position?.commit ?? 0n) <= after) continue;
      yield toRecordedEvent(event);
      remaining -= 1;
      if (remaining <= 0) return;
    }
    this.refuseIfClosed();
  }

  /**
   * Follows $all. The server's catch-up subscription starts after the position given (exclusive,
   * unlike a read); a dropped subscription is resumed from the last position delivered, skipping what was seen.
   */
  subscribeToAll(options: SubscribeToAllOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      let last = options.after ?? 0;
      let stopped = false;
      let current: { unsubscribe(): Promise<void> } | undefined;
      const following = () => !stopped && !this.closed;
      const follow = async (): Promise<void> => {
        while (following()) {
          const subscription = this.client.subscribeToAll({
            fromPosition: last > 0 ? toEsdbPosition(last) : startOrEnd('forwards'),
          });
          current = subscription;
          let error: unknown;
          try {
            for await (const { event } of subscription) {
              if (stopped) return;
              if (!event || isSystemEvent(event) || Number(event.position?.commit ?? 0n) <= last) continue;
              last = Number(event.position!.commit);
              if (passes(event.type, event.streamId, options.filter)) subscriber.next(toRecordedEvent(event));
            }
          } catch (caught) {
            // Dropped (a leader change, the network, a reset stream): resubscribed below from the last
            // position delivered. What would fail again at every attempt is passed on.
            if (isPermanent(caught)) throw caught;
            error = caught;
          }
          if (!following()) break;
          try {
            this.onSubscriptionDropped({ error, resumingAfter: last });
          } catch {
            // A report that fails is no reason to stop following: the drop is resumed all the same.
          }
          await new Promise((wait) => setTimeout(wait, this.resubscribeDelayMs));
        }
        if (this.closed) subscriber.complete();
      };
      void follow().catch((error: unknown) => subscriber.error(error));
      return () => {
        stopped = true;
        // A subscription that failed rejects its unsubscribe: it is over either way.
        current?.unsubscribe().catch(() => undefined);
      };
    });
  }

  async headPosition(): Promise<number> {
    for await (const event of this.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return 0;
  }

  async streamHeadPosition(stream: string): Promise<number | undefined> {
    for await (const event of this.readStream(stream, { direction: 'backwards', maxCount: 1 })) return event.position;
    return undefined;
  }

  close(): Promise<void> {
    // Disposing ends the subscriptions' calls as a normal end: without this they would resubscribe.
    this.closed = true;
    return this.client.dispose();
  }
}

/**
 * gRPC codes the client leaves as UnknownError that would come again at every attempt: an invalid
 * argument (a position no record starts at), permission denied, a failed precondition, out of range,
 * unimplemented.
 */
const permanentGrpcCodes: ReadonlySet<unknown> = new Set([3, 7, 9, 11, 12]);

/**
 * What ends a subscription for good: the server refusing it, or an event that does not decode.
 * Anything else is a drop, the client's own errors too (a cluster it cannot discover while it
 * restarts), and is resubscribed.
 */
const isPermanent = (error: unknown): boolean =>
  error instanceof UndecodableEventError ||
  error instanceof AccessDeniedError ||
  error instanceof InvalidArgumentError ||
  error instanceof UnsupportedError ||
  (error instanceof UnknownError && permanentGrpcCodes.has(error.code));

/**
 * The reads of `reads`, cancelled when left before their end (a caller's break, a count reached
 * here, an error): the client opens reads with no deadline and keeps an abandoned one's call open on
 * the server. Cancelling a call that already ended does nothing.
 */
async function* cancelledIfLeft(reads: EsdbRead): AsyncIterable<{ readonly event?: EsdbRecordedEvent }> {
  let ended = false;
  try {
    for await (const read of reads) yield read;
    ended = true;
  } finally {
    if (!ended) await reads.cancel();
  }
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const last = events.at(-1)!;
  return { revision: last.revision, position: last.position, events };
}
