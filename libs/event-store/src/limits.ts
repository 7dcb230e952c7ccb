import { validate as isUuid } from 'uuid';
import { EventStoreLimitError } from './errors';
import { type EventToAppend } from './event-store.port';
import { canonicalJson } from './canonical-json';
import { withoutChain } from './hash-chain';

export const maxEventBytes = 1024 * 1024;
/**
 * The events of one append together, data and metadata: EventStoreDB's default `MaxAppendSize`
 * counts every event of an append request, so the embedded store holds appends to it as well, and a
 * log it wrote can be migrated append by append.
 */
export const maxAppendBytes = 1024 * 1024;
export const maxBatchEvents = 1000;

/** The bytes an event weighs against the limits: its data and metadata, as JSON in UTF-8. */
export const eventBytes = (dataJson: string, metadataJson: string): number =>
  Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
/** Letters, digits and `_ . : -`, not starting with `$` (reserved for the store's own streams). */
const streamName = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const eventType = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

export interface CheckedEvent {
  readonly id: string | undefined;
  readonly type: string;
  /** Canonical JSON (RFC 8785): what is stored is exactly what the chain hashes. */
  readonly data: string;
  /** The caller's metadata without the store's own chain keys, and its canonical JSON. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly metadataJson: string;
}

/** Checks an append against the store's limits and serialises it once; nothing is written when it throws. */
export function checkAppend(stream: string, events: readonly EventToAppend[]): CheckedEvent[] {
  if (!streamName.test(stream)) {
    throw new EventStoreLimitError(
      'STREAM_NAME_INVALID',
      `stream name "${stream}" must be 1-200 of A-Z a-z 0-9 _ . : - and not start with $`,
    );
  }
  if (events.length === 0) throw new EventStoreLimitError('BATCH_EMPTY', 'an append needs at least one event');
  if (events.length > maxBatchEvents) {
    throw new EventStoreLimitError(
      'BATCH_TOO_LARGE',
      `an append holds at most ${maxBatchEvents} events, got ${events.length}`,
    );
  }
  // Checked here, not left to the unique index: at insert time it would roll back every append of the group commit.
  const ids = new Set<string>();
  let appendBytes = 0;
  /** Exact bytes of the events already counted exactly, by index: the total does not count them again. */
  const measured: number[] = [];
  const checked = events.map((event, index) => {
    if (event.id !== undefined) {
      if (!isUuid(event.id)) throw new EventStoreLimitError('EVENT_ID_INVALID', `event ${index}: id must be a UUID`);
      if (ids.has(event.id)) {
        throw new EventStoreLimitError('EVENT_ID_REPEATED', `event ${index}: id ${event.id} is already in this append`);
      }
      ids.add(event.id);
    }
    if (!eventType.test(event.type)) {
      throw new EventStoreLimitError(
        'EVENT_TYPE_INVALID',
        `event ${index}: type "${event.type}" is not a valid event type`,
      );
    }
    const data = canonicalJson(event.data ?? null) ?? 'null';
    const metadata = withoutChain(event.metadata ?? {});
    // The store's own keys (the recorded time EventStoreDB keeps with the event) would be written over, and no longer hash.
    const reserved = Object.keys(metadata).find((key) => key.startsWith('$'));
    if (reserved !== undefined) {
      throw new EventStoreLimitError(
        'METADATA_KEY_RESERVED',
        `event ${index}: metadata key "${reserved}" begins with $, which the store keeps for its own`,
      );
    }
    const metadataJson = canonicalJson(metadata)!;
    // A UTF-16 unit takes at most 3 bytes in UTF-8: most events need no exact count.
    const mayExceed = (data.length + metadataJson.length) * 3 > maxEventBytes;
    const bytes = mayExceed ? eventBytes(data, metadataJson) : 0;
    if (bytes > maxEventBytes) {
      throw new EventStoreLimitError(
        'EVENT_TOO_LARGE',
        `event ${index}: ${bytes} bytes exceed the limit of ${maxEventBytes}`,
      );
    }
    appendBytes += mayExceed ? bytes : (data.length + metadataJson.length) * 3;
    if (mayExceed) measured[index] = bytes;
    return { id: event.id, type: event.type, data, metadata, metadataJson };
  });
  if (appendBytes > maxAppendBytes) {
    const exact = checked.reduce(
      (total, event, index) => total + (measured[index] ?? eventBytes(event.data, event.metadataJson)),
      0,
    );
    if (exact > maxAppendBytes) {
      throw new EventStoreLimitError(
        'APPEND_TOO_LARGE',
        `the ${checked.length} events of an append take ${exact} bytes, over the limit of ${maxAppendBytes} for one append`,
      );
    }
  }
  return checked;
}
