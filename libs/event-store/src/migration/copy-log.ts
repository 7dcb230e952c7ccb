import { EventStoreDBClient } from '@eventstore/db-client';
import { chainKeys, type EventStore, type RecordedEvent } from '../event-store.port';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { withoutChain } from '../hash-chain';
import { canonicalJson } from '../canonical-json';
import { eventBytes, maxAppendBytes, maxBatchEvents } from '../limits';

/**
 * The clock a migration target reads: set to the recorded time of the events being copied, so
 * the target links each event with the same content, hence the same hash, as the source did.
 */
export class ReplayedClock {
  at = new Date(0);
  readonly now = (): Date => this.at;
}

export class MigrationMismatchError extends Error {
  override readonly name = 'MigrationMismatchError';
}

/**
 * How a migration target records: each event at the recorded time it had in the source, as it is.
 * A copy finds what the target holds by revision (`appendGroup`): the adapter's own search for
 * repeated ids, up to 1,000 events back in a person's stream for every group, would find nothing more.
 */
export const migrationTargetOptions = (clock: ReplayedClock) => ({
  clock: clock.now,
  recordedTimesAsGiven: true,
  idempotencyWindow: 1,
});

/** An EventStoreDB store that writes with the recorded times of the events it is given. */
export function connectMigrationTarget(connectionString: string): { store: EventStore; clock: ReplayedClock } {
  const clock = new ReplayedClock();
  const client = EventStoreDBClient.connectionString(connectionString);
  return { store: new EventStoreDbEventStore(client, migrationTargetOptions(clock)), clock };
}

/** Metadata the adapter adds to each event: the chain keys and `$recordedAt` (about 200 bytes), and room to spare. */
const chainMetadataBytes = 256;

/** A recorded event as it is appended again: its metadata without the chain keys, which the target links anew. */
interface Copied {
  readonly event: RecordedEvent;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * What an event weighs in the target's append as EventStoreDB counts it against MaxAppendSize: its
 * data, its metadata as the adapter writes it, and its type at two bytes a character.
 */
const appendBytes = ({ event, metadata }: Copied): number =>
  eventBytes(canonicalJson(event.data) ?? 'null', canonicalJson(metadata)!) +
  chainMetadataBytes +
  2 * event.type.length;

/** Events appended by this run, and events an interrupted run had copied already. */
export interface CopyTally {
  readonly copied: number;
  readonly alreadyHeld: number;
}

/**
 * Copies the log in order, with each event's id, stream, revision, recorded time and metadata;
 * events appended together (one stream, one recorded time, consecutive) are copied together, in
 * appends the target takes (`maxBatchEvents`, `maxAppendBytes`): a log written before those limits,
 * or appends made within one millisecond, may hold more. Hashes link events, not appends, so a split
 * keeps the chain. Ids make each append idempotent, so a copy interrupted half-way is resumed by
 * running it again.
 */
export async function copyLog(
  source: Pick<EventStore, 'readAll'>,
  target: EventStore,
  clock: ReplayedClock,
  onProgress: (events: number) => void = () => undefined,
): Promise<CopyTally> {
  const tally = { copied: 0, alreadyHeld: 0 };
  let group: Copied[] = [];
  let groupBytes = 0;
  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    const appended = await appendGroup(target, clock, group);
    tally.copied += appended;
    tally.alreadyHeld += group.length - appended;
    onProgress(tally.copied + tally.alreadyHeld);
    group = [];
    groupBytes = 0;
  };
  for await (const event of source.readAll()) {
    const last = group.at(-1)?.event;
    const copy = { event, metadata: withoutChain(event.metadata) };
    const bytes = appendBytes(copy);
    const together = last && last.stream === event.stream && last.recordedAt === event.recordedAt;
    if (!together || group.length === maxBatchEvents || groupBytes + bytes > maxAppendBytes) await flush();
    group.push(copy);
    groupBytes += bytes;
  }
  await flush();
  return tally;
}

/**
 * Appends what the target does not hold yet of a group, and says how many that was. A resumed copy
 * finds the events it copied before by their revisions in the target's stream: the adapter's search
 * for repeated ids looks back only so far (ADR 0002), and a person's stream outgrows it with its
 * access records.
 */
async function appendGroup(target: EventStore, clock: ReplayedClock, group: readonly Copied[]): Promise<number> {
  const first = group[0]!.event;
  const held: RecordedEvent[] = [];
  for await (const event of target.readStream(first.stream, { fromRevision: first.revision, maxCount: group.length })) {
    held.push(event);
  }
  assertCopies(held, group);
  const rest = group.slice(held.length);
  if (rest.length === 0) return 0;
  const next = rest[0]!.event;
  clock.at = new Date(next.recordedAt);
  const result = await target.append(
    next.stream,
    rest.map(({ event: { id, type, data }, metadata }) => ({ id, type, data, metadata })),
    next.revision === 0 ? 'no_stream' : next.revision - 1,
  );
  assertCopies(result.events, rest);
  return rest.length;
}

/** The target's events are the copies of the group's first ones: same revision, same hash. */
function assertCopies(written: readonly RecordedEvent[], group: readonly Copied[]): void {
  written.forEach((copy, index) => {
    const original = group[index]!.event;
    if (copy.metadata[chainKeys.hash] !== original.metadata[chainKeys.hash] || copy.revision !== original.revision) {
      throw new MigrationMismatchError(
        `${original.stream} revision ${original.revision} was written with another hash or revision: the target holds different events`,
      );
    }
  });
}
