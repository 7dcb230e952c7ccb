import {
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';

/** The recorded event as the client hands it out, narrowed to what the adapter reads. */
export interface EsdbRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

export interface EsdbSubscription extends AsyncIterable<{ readonly event?: EsdbRecordedEvent }> {
  unsubscribe(): Promise<void>;
}

/**
 * A read as the client hands it out. Left before its end it must be cancelled: the client opens
 * reads with no deadline, and an abandoned one keeps its gRPC call, paused, open on the server.
 */
export interface EsdbRead extends AsyncIterable<{ readonly event?: EsdbRecordedEvent }> {
  cancel(): Promise<void>;
}

/**
 * The part of `EventStoreDBClient` the adapter uses: small enough to fake in unit tests, so the
 * adapter's own logic (mapping, retries, idempotency, resubscription) is tested without a server.
 */
export interface EsdbClient {
  appendToStream(
    stream: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<AppendResult>;
  readStream(
    stream: string,
    options: {
      fromRevision?: ReadRevision;
      direction?: 'forwards' | 'backwards';
      maxCount?: number;
      requiresLeader?: boolean;
    },
  ): EsdbRead;
  readAll(options: { fromPosition?: ReadPosition; direction?: 'forwards' | 'backwards'; maxCount?: number }): EsdbRead;
  subscribeToAll(options: { fromPosition?: ReadPosition }): EsdbSubscription;
  dispose(): Promise<void>;
}
