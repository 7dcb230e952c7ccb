import { BACKWARDS, END, FORWARDS, jsonEvent, type Position, START } from '@eventstore/db-client';
import { UndecodableEventError } from '../errors';
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

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/**
 * The client does not throw on an event it cannot decode: it hands over the bytes of metadata that
 * is not JSON, and of a binary event. The ledger writes neither, so such an event is refused by
 * name, as the embedded store refuses a damaged row.
 */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const revision = Number(event.revision);
  const position = Number(event.position?.commit ?? -1n);
  const stored = event.metadata ?? {};
  if (!event.isJson || !isJsonObject(stored)) {
    const cause = new Error(event.isJson ? 'the metadata is not a JSON object' : 'it is not a JSON event');
    throw new UndecodableEventError(event.streamId, revision, position, cause);
  }
  const { [recordedAtKey]: recordedAt, ...metadata } = stored;
  return {
    id: event.id,
    stream: event.streamId,
    revision,
    position,
    recordedAt: typeof recordedAt === 'string' ? recordedAt : event.created.toISOString(),
    type: event.type,
    data: event.data,
    metadata,
  };
}

export const toEventData = (id: string, type: string, data: unknown, metadata: Record<string, unknown>) =>
  jsonEvent({ id, type, data: data as Record<string, unknown>, metadata });
