import {
  ANY,
  type AppendExpectedRevision,
  type EventData,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  type EsdbClient,
  type EsdbRead,
  type EsdbRecordedEvent,
  type EsdbSubscription,
} from './eventstoredb-client.port';

type Read = { readonly event?: EsdbRecordedEvent };

/** What a node that lost an election answers a read that requires the leader: where the leader is now. */
// eslint-disable-next-line require-yield -- it fails before its first event
async function* notLeader(): AsyncGenerator<Read> {
  await Promise.resolve();
  const leader = { 'leader-endpoint-host': 'node-2.cluster', 'leader-endpoint-port': '2113' };
  throw new NotLeaderError({
    code: 5,
    message: '5 NOT_FOUND: Leader info available',
    metadata: { getMap: () => leader },
  } as never);
}

/**
 * An in-memory stand-in for an EventStoreDB node with the server's semantics that matter to the
 * adapter: expected revisions, idempotency only for an exact expected revision, commit positions
 * that are not contiguous, system events in $all, and subscriptions that can be dropped.
 * Positions are byte offsets where records start: like the server, it refuses to read or subscribe
 * from any other, reads forwards from a record with that record, and subscribes after it. Like the
 * client, it keeps a read's call open until the read ends or is cancelled (`openReads`), refuses an
 * append over the server's MaxAppendSize, and answers a conflict without throwing when set so
 * (`throwOnAppendFailure`).
 */
export class FakeEsdbClient implements EsdbClient {
  readonly log: EsdbRecordedEvent[] = [
    {
      streamId: '$settings',
      id: '00000000-0000-4000-8000-000000000000',
      revision: 0n,
      type: '$settings',
      created: new Date(0),
      data: {},
      metadata: {},
      position: { commit: 10n, prepare: 10n },
    },
  ];
  private readonly listeners = new Set<() => void>();
  /** Set to make every live subscription fail once, as a dropped connection does. */
  dropSubscriptions = false;
  /** Set to make the next live subscription to deliver an event end instead, as a server ending the call does. */
  endSubscriptions = false;
  /** Set to make every live subscription fail with this error, once. */
  failSubscriptions?: Error;
  /** The server's MaxAppendSize, against the size on disk of all the events of one append. */
  maxAppendSize = 1024 * 1024;
  /** The connection string's throwOnAppendFailure: false answers a conflict with `success: false`. */
  throwOnAppendFailure = true;
  /** Reads whose calls are still open: neither read to their end, failed, nor cancelled. */
  openReads = 0;
  private disposed = false;
  appendCalls = 0;
  /** Reads that require the leader, counted from 1, and those of them that meet a node no longer the leader. */
  leaderReads = 0;
  readonly leaderReadsFailing = new Set<number>();
  /** Runs before an append is applied: lets a test slip in a concurrent writer. */
  beforeAppend?: () => void;

  private streamEvents = (stream: string) => this.log.filter((event) => event.streamId === stream);

  appendToStream(
    stream: string,
    events: EventData[],
    { expectedRevision }: { expectedRevision: AppendExpectedRevision },
  ) {
    this.appendCalls += 1;
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    hook?.();
    // As the server counts an event against MaxAppendSize: its data, its metadata, and its type at two bytes a character.
    const size = events.reduce(
      (total, event) =>
        total +
        Buffer.byteLength(JSON.stringify(event.data)) +
        Buffer.byteLength(JSON.stringify(event.metadata)) +
        2 * event.type.length,
      0,
    );
    if (size > this.maxAppendSize) {
      return Promise.reject(MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendSize));
    }
    const existing = this.streamEvents(stream);
    const current = existing.length === 0 ? NO_STREAM : BigInt(existing.length - 1);
    const fits =
      expectedRevision === ANY ||
      (expectedRevision === NO_STREAM && current === NO_STREAM) ||
      (expectedRevision === STREAM_EXISTS && current !== NO_STREAM) ||
      expectedRevision === current;
    if (!fits && !this.throwOnAppendFailure) {
      return Promise.resolve({ success: false, nextExpectedRevision: -1n, position: undefined });
    }
    if (!fits) {
      return Promise.reject(
        new WrongExpectedVersionError(undefined, { streamName: stream, expected: expectedRevision, current }),
      );
    }
    let position = this.log.at(-1)!.position!.commit;
    for (const event of events) {
      position += 137n;
      this.log.push({
        streamId: stream,
        id: event.id,
        revision: BigInt(this.streamEvents(stream).length),
        type: event.type,
        created: new Date(),
        data: JSON.parse(JSON.stringify(event.data)) as unknown,
        metadata: JSON.parse(JSON.stringify(event.metadata)) as unknown,
        position: { commit: position, prepare: position },
      });
    }
    for (const wake of this.listeners) wake();
    return Promise.resolve({
      success: true,
      nextExpectedRevision: BigInt(this.streamEvents(stream).length - 1),
      position: { commit: position, prepare: position },
    });
  }

  readStream(
    stream: string,
    options: {
      fromRevision?: bigint | 'start' | 'end';
      direction?: string;
      maxCount?: number;
      requiresLeader?: boolean;
    },
  ): EsdbRead {
    if (options.requiresLeader) {
      this.leaderReads += 1;
      if (this.leaderReadsFailing.has(this.leaderReads)) return this.call(notLeader());
    }
    return this.call(this.streamReads(stream, options));
  }

  readAll(options: {
    fromPosition?: { commit: bigint } | 'start' | 'end';
    direction?: string;
    maxCount?: number;
  }): EsdbRead {
    return this.call(this.allReads(options));
  }

  /** A read as the client gives it: its call is open until it ends, fails or is cancelled, not when left. */
  private call(reads: AsyncGenerator<Read>): EsdbRead {
    this.openReads += 1;
    let open = true;
    const close = () => {
      if (open) this.openReads -= 1;
      open = false;
    };
    return {
      cancel: () => {
        close();
        return Promise.resolve();
      },
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          try {
            const next = await reads.next();
            if (next.done) close();
            return next;
          } catch (error) {
            close();
            throw error;
          }
        },
        // Leaving a read destroys the client's stream object, not the call behind it.
        return: async () => {
          await reads.return(undefined);
          return { done: true, value: undefined };
        },
      }),
    };
  }

  private async *streamReads(
    stream: string,
    options: { fromRevision?: bigint | 'start' | 'end'; direction?: string; maxCount?: number },
  ): AsyncGenerator<Read> {
    await Promise.resolve();
    const events = this.streamEvents(stream);
    if (events.length === 0) throw new StreamNotFoundError(undefined, stream);
    const backwards = options.direction === 'backwards';
    const from =
      options.fromRevision === 'start' || options.fromRevision === undefined
        ? backwards
          ? BigInt(events.length)
          : 0n
        : options.fromRevision === 'end'
          ? BigInt(events.length)
          : options.fromRevision;
    const selected = backwards
      ? events.filter((event) => event.revision <= from).reverse()
      : events.filter((event) => event.revision >= from);
    for (const event of selected.slice(0, options.maxCount ?? Number.POSITIVE_INFINITY)) yield { event };
  }

  private async *allReads(options: {
    fromPosition?: { commit: bigint } | 'start' | 'end';
    direction?: string;
    maxCount?: number;
  }): AsyncGenerator<Read> {
    await Promise.resolve();
    const backwards = options.direction === 'backwards';
    const from = this.recordAt(options.fromPosition);
    // Backwards, the server reads a position as the end of the record before it.
    const events = backwards
      ? [...this.log].reverse().filter((event) => from === undefined || event.position!.commit < from)
      : this.log.filter((event) => from === undefined || event.position!.commit >= from);
    for (const event of events.slice(0, options.maxCount ?? Number.POSITIVE_INFINITY)) yield { event };
  }

  subscribeToAll(options: { fromPosition?: { commit: bigint } | 'start' | 'end' }): EsdbSubscription {
    const state = { stopped: false };
    return {
      unsubscribe: () => {
        state.stopped = true;
        for (const wake of this.listeners) wake();
        return Promise.resolve();
      },
      [Symbol.asyncIterator]: () => this.follow(options.fromPosition, state),
    };
  }

  private async *follow(
    fromPosition: { commit: bigint } | 'start' | 'end' | undefined,
    state: { stopped: boolean },
  ): AsyncGenerator<Read> {
    let cursor = this.recordAt(fromPosition) ?? -1n;
    // Disposing cancels the call, which the client ends as a normal end.
    while (!state.stopped && !this.disposed) {
      for (const event of this.log.filter((candidate) => candidate.position!.commit > cursor)) {
        if (this.dropSubscriptions) {
          this.dropSubscriptions = false;
          throw new UnavailableError(undefined, '14 UNAVAILABLE: connection dropped');
        }
        if (this.endSubscriptions) {
          this.endSubscriptions = false;
          return;
        }
        const failure = this.failSubscriptions;
        this.failSubscriptions = undefined;
        if (failure) throw failure;
        cursor = event.position!.commit;
        yield { event };
      }
      await new Promise<void>((wake) => {
        const listener = () => {
          this.listeners.delete(listener);
          wake();
        };
        this.listeners.add(listener);
      });
    }
  }

  /** The commit position of the record a read or subscription starts from; undefined for start or end. */
  private recordAt(position: { commit: bigint; prepare?: bigint } | 'start' | 'end' | undefined): bigint | undefined {
    if (typeof position !== 'object') return undefined;
    const { commit, prepare = commit } = position;
    if (commit !== prepare || !this.log.some((event) => event.position!.commit === commit)) {
      // As the client gives the server's INVALID_ARGUMENT: an UnknownError with its gRPC code.
      throw Object.assign(
        new UnknownError(undefined, `invalid position ${commit}/${prepare}: no record starts there in $all`),
        {
          code: 3,
        },
      );
    }
    return commit;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    for (const wake of this.listeners) wake();
    return Promise.resolve();
  }
}
