import { withoutMyNumber } from '@ledger/access/viewing-restriction';
import {
  accessRecordTypes,
  addDays,
  auditSubjectOf,
  type CalendarDate,
  type InsurerNumber,
  redacted,
  restrictedExportsStream,
  unmatchedChecksPrefix,
} from '@ledger/domain';
import { chainKeys, type EventStore, type RecordedEvent } from '@ledger/event-store';

export interface AuditPeriod {
  readonly insurerNumber: InsurerNumber;
  /** First and last day of recorded time, Japan dates, both included. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly includeRestricted: boolean;
}

/** One row of the audit trail export: who recorded what, when, by which channel, for whom, with its hash (R40, R41). */
export interface AuditRow {
  readonly position: number;
  /** The event's id: a correction names the event it corrects by it (`correctedEventId`). */
  readonly eventId: string;
  readonly recordedAt: string;
  readonly stream: string;
  /** Null for the insurer's records in no person's stream: checks that found nobody under the numbers, restricted-data exports. */
  readonly personId: string | null;
  readonly revision: number;
  readonly type: string;
  /** As the event's metadata names it, as in the API's audit answers: a structure, or a name. */
  readonly actor: unknown;
  readonly channel: string | null;
  readonly onBehalfOf: string | null;
  /** The person has had a viewing restriction filed (R29..R31): protected fields are withheld unless asked with a reason. */
  readonly restricted: boolean;
  readonly data: unknown;
  readonly hash: string;
}

export interface AuditTally {
  rows: number;
  /** Access history (eligibility checks and staff lookups) of restricted persons left out. */
  withheldAccessRows: number;
  /** Rows of restricted persons whose address was replaced. */
  redactedAddresses: number;
}

const startOfJapanDay = (date: CalendarDate): number => Date.parse(`${date}T00:00:00+09:00`);
/** Strings as they are, anything else as its JSON. */
const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);

/** Streams of the insurer's persons that had a viewing restriction filed up to `head`: small, kept in memory. */
async function restrictedPersons(store: EventStore, prefix: string, head: number): Promise<ReadonlySet<string>> {
  const streams = new Set<string>();
  for await (const event of store.readAll({
    filter: { eventTypes: ['ViewingRestrictionFiled'], streamPrefixes: [prefix] },
  })) {
    if (event.position > head) break;
    streams.add(event.stream);
  }
  return streams;
}

/**
 * The audit trail of one insurer for a period of recorded time, straight from the log and in log
 * order as it stood when the export began, one row at a time: memory stays bounded whatever the size of the period. Its persons'
 * events, and the insurer's records kept in no person's stream: checks that found nobody under the
 * numbers, which name the insurer asked about, and restricted-data exports.
 */
export async function* auditRows(store: EventStore, period: AuditPeriod, tally: AuditTally): AsyncIterable<AuditRow> {
  const prefix = `insured-${period.insurerNumber}-`;
  // Both passes stop here: a restriction filed while the rows are written would be missing from the
  // first, and the person's earlier rows would go out unprotected in the second (R31).
  const head = await store.headPosition();
  const restricted = await restrictedPersons(store, prefix, head);
  const from = startOfJapanDay(period.from);
  const until = startOfJapanDay(addDays(period.to, 1));
  const streamPrefixes = [prefix, restrictedExportsStream(period.insurerNumber), unmatchedChecksPrefix];
  for await (const event of store.readAll({ filter: { streamPrefixes } })) {
    if (event.position > head) break;
    const recorded = Date.parse(event.recordedAt);
    const subject = auditSubjectOf(event.stream, event.data);
    if (recorded < from || recorded >= until || subject?.insurerNumber !== period.insurerNumber) continue;
    // Why restricted data was exported may tell about the restricted persons (R31): shown with them only.
    const protect =
      !period.includeRestricted && (restricted.has(event.stream) || event.type === 'RestrictedDataExported');
    if (protect && accessRecordTypes.has(event.type)) {
      tally.withheldAccessRows += 1;
      continue;
    }
    tally.rows += 1;
    yield toRow(event, subject.personId, restricted.has(event.stream), protect ? tally : undefined);
  }
}

function toRow(event: RecordedEvent, personId: string | null, restricted: boolean, redactIn?: AuditTally): AuditRow {
  // One filter for the whole row: an id stored as a My Number redacts the event ids derived from it too.
  const row = withoutMyNumber<AuditRow>({
    position: event.position,
    eventId: event.id,
    recordedAt: event.recordedAt,
    stream: event.stream,
    personId,
    revision: event.revision,
    type: event.type,
    actor: event.metadata.actor ?? null,
    channel: text(event.metadata.channel),
    onBehalfOf: text(event.metadata.onBehalfOf),
    restricted,
    data: event.data,
    hash: String(event.metadata[chainKeys.hash]),
  });
  const data = row.data as Record<string, unknown>;
  if (redactIn && 'address' in data) {
    data.address = redacted;
    redactIn.redactedAddresses += 1;
  }
  if (redactIn && 'reason' in data && event.type === 'RestrictedDataExported') data.reason = redacted;
  return row;
}
