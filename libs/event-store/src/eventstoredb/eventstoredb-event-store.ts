import { EventStoreDBClient, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
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
import { type EsdbClient } from './eventstoredb-client.port';
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

export interface EventStoreDbOptions {
  readonly clock?: () => Date;
  /** How far back a stream is searched for ids of a repeated append (ADR 0002). */
  readonly idempotencyWindow?: number;
  /** Attempts when another writer moves the stream between our read and our write. */
  readonly maxAttempts?: number;
  /** Delay before resubscribing after a dropped subscription. */
  readonly resubscribeDelayMs?: number;
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
  private readonly idempotencyWindow: number;
  private readonly maxAttempts: number;
  private readonly resubscribeDelayMs: number;

  constructor(
    private readonly client: EsdbClient,
    options: EventStoreDbOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.idempotencyWindow = options.idempotencyWindow ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? 1000;
  }

  static connect(connectionString: string, options?: EventStoreDbOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  private readonly streamLanes = new StreamLanes();

  /** Appends to one stream from this process go one after the other: retries are left for other processes. */
  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
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
    for await (const event of this.readStream(stream, {
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
    const recordedAt = this.clock().toISOString();
    const headHash = head ? ((head.metadata[chainKeys.hash] as string | undefined) ?? null) : null;
    const toWrite = chainLinks(stream, events, head && { revision: head.revision, hash: headHash }, recordedAt).map(
      ({ event, id, hash, previousHash }) =>
        toEventData(id, event.type, JSON.parse(event.data) as unknown, {
          ...withChain(event.metadata, hash, previousHash),
          [recordedAtKey]: recordedAt,
        }),
    );
    await this.client.appendToStream(stream, toWrite, { expectedRevision: head ? BigInt(head.revision) : NO_STREAM });
    // Positions are the server's: read the written events back to report each one's.
    const written: RecordedEvent[] = [];
    for await (const event of this.readStream(stream, {
      fromRevision: (head?.revision ?? -1) + 1,
      maxCount: events.length,
    })) {
      written.push(event);
    }
    return resultOf(written);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const reads = this.client.readStream(stream, {
      fromRevision: options.fromRevision === undefined ? startOrEnd(options.direction) : BigInt(options.fromRevision),
      direction: toEsdbDirection(options.direction),
      ...(options.maxCount !== undefined && { maxCount: options.maxCount }),
    });
    try {
      for await (const { event } of reads) if (event) yield toRecordedEvent(event);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }

  /**
   * The server reads forwards from a record's own position, that record included, and refuses a
   * position inside a record: so a read after `p` starts at `p` and leaves out the event there.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const after = options.direction === 'backwards' ? 0 : (options.after ?? 0);
    const reads = this.client.readAll({
      fromPosition: after > 0 ? toEsdbPosition(after) : startOrEnd(options.direction),
      direction: toEsdbDirection(options.direction),
    });
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    for await (const { event } of reads) {
      if (remaining <= 0) return;
      if (!event || isSystemEvent(event) || !passes(event.type, event.streamId, options.filter)) continue;
      if (Number(event.position?.commit ?? 0n) <= after) continue;
      remaining -= 1;
      yield toRecordedEvent(event);
    }
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
      const follow = async (): Promise<void> => {
        while (!stopped) {
          const subscription = this.client.subscribeToAll({
            fromPosition: last > 0 ? toEsdbPosition(last) : startOrEnd('forwards'),
          });
          current = subscription;
          try {
            for await (const { event } of subscription) {
              if (stopped) return;
              if (!event || isSystemEvent(event) || Number(event.position?.commit ?? 0n) <= last) continue;
              last = Number(event.position!.commit);
              if (passes(event.type, event.streamId, options.filter)) subscriber.next(toRecordedEvent(event));
            }
          } catch {
            // Dropped (leader change, network): resubscribe below from the last position delivered.
          }
          if (!stopped) await new Promise((wait) => setTimeout(wait, this.resubscribeDelayMs));
        }
      };
      void follow().catch((error: unknown) => subscriber.error(error));
      return () => {
        stopped = true;
        void current?.unsubscribe();
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
    return this.client.dispose();
  }
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const last = events.at(-1)!;
  return { revision: last.revision, position: last.position, events };
}
