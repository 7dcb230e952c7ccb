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

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/** What a server before 22.6 gives as the position of an event read from its stream: none, or 2^64 - 1. */
const noPosition = 2n ** 64n - 1n;

/**
 * An event's place in the log. Stream reads carry it from EventStoreDB 22.6 on; an older server's
 * would be taken for a position past every other, and a read model would never look current.
 */
function logPosition(event: EsdbRecordedEvent): number {
  const commit = event.position?.commit;
  if (commit === undefined || commit === noPosition) {
    throw new Error(
      `EventStoreDB gave no log position for ${event.streamId} revision ${event.revision}: the ledger needs EventStoreDB 22.6 or later`,
    );
  }
  return Number(commit);
}

/**
 * The client does not throw on an event it cannot decode: it hands over the bytes of metadata that
 * is not JSON. The ledger writes JSON only, so such metadata is another application's, in a cluster
 * the ledger shares: it reads as none, not as its bytes spread into keys, and the event passes on
 * like any event of a type the ledger does not know (projectors skip it; verify finds no chain link
 * in it, should it be in a ledger stream).
 */
export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const { [recordedAtKey]: recordedAt, ...metadata } = isJsonObject(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: logPosition(event),
    recordedAt: typeof recordedAt === 'string' ? recordedAt : event.created.toISOString(),
    type: event.type,
    data: event.data,
    metadata,
  };
}

export const toEventData = (id: string, type: string, data: unknown, metadata: Record<string, unknown>) =>
  jsonEvent({ id, type, data: data as Record<string, unknown>, metadata });
