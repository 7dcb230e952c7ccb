import { BACKWARDS, END, FORWARDS, jsonEvent, type Position, START } from '@eventstore/db-client';
import { type Direction, type RecordedEvent } from '../event-store.port';
import { type EsdbRecordedEvent } from './eventstoredb-client.port';

/** EventStoreDB assigns its own `created`; the chain needs the time the adapter hashed, kept in metadata. */
export const recordedAtKey = '$recordedAt';

export const toEsdbDirection = (direction: Direction | undefined) => (direction === 'backwards' ? BACKWARDS : FORWARDS);

/**
 * Our positions are EventStoreDB commit positions; a log larger than 2^53 bytes is out of reach. An
 * event appended over gRPC is committed by its own record, so its prepare position equals its commit.
 */
export const toEsdbPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

export const startOrEnd = (direction: Direction | undefined) => (direction === 'backwards' ? END : START);

export const isSystemEvent = (event: EsdbRecordedEvent): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const { [recordedAtKey]: recordedAt, ...metadata } = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: Number(event.position?.commit ?? -1n),
    recordedAt: typeof recordedAt === 'string' ? recordedAt : event.created.toISOString(),
    type: event.type,
    data: event.data,
    metadata,
  };
}

export const toEventData = (id: string, type: string, data: unknown, metadata: Record<string, unknown>) =>
  jsonEvent({ id, type, data: data as Record<string, unknown>, metadata });
