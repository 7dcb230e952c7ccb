import { accessRecordTypes, isMyNumberKey, redacted, shownId, shownStream, withoutMyNumbers } from '@ledger/domain';
import { type Principal } from './principal';

/** A restricted person's protected data besides the access history (R31). */
const restrictedFields: ReadonlySet<string> = new Set(['address']);

/** The person a read is about, and whether a viewing restriction is in force for them now. */
export interface ReadSubject {
  readonly insurerNumber: string;
  readonly restricted: boolean;
}

/** R31: the insurer's authorized staff (its insurer-clerk) and auditors; nobody else. */
export function seesRestrictedData(principal: Principal, insurerNumber: string): boolean {
  if (principal.role === 'auditor') return true;
  return principal.role === 'insurer-clerk' && (principal.insurers ?? []).some((insurer) => insurer === insurerNumber);
}

const hides = (principal: Principal, subject: ReadSubject): boolean =>
  subject.restricted && !seesRestrictedData(principal, subject.insurerNumber);

/** Fields naming a stream or a local id: one stored as a My Number is shown redacted (`shownId`). */
const identifiers: ReadonlyMap<string, (value: string) => string> = new Map([
  ['personId', shownId],
  ['documentId', shownId],
  ['stream', shownStream],
]);

/**
 * A person's texts and numbers: refused when they hold a My Number, yet a log written before that
 * check, or by another writer, may hold one, which is then redacted where it stands (§3.3).
 */
const personTexts: ReadonlySet<string> = new Set(['name', 'nameKana', 'address', 'householdId', 'symbol', 'number']);

/**
 * Event ids the ledger derives from the stream name and an Idempotency-Key (ADR 0005): for a person
 * whose id is a My Number, a hash of it that trying every number reverses, so they go with it.
 */
const eventIds: ReadonlySet<string> = new Set(['id', 'eventId', 'correctedEventId', 'enrolmentEventId', 'lossEventId']);

const namesMyNumberPerson = (value: Record<string, unknown>): boolean =>
  (typeof value.personId === 'string' && shownId(value.personId) !== value.personId) ||
  (typeof value.stream === 'string' && shownStream(value.stream) !== value.stream);

function without(value: unknown, hidden: (key: string) => boolean, ofMyNumberPerson = false): unknown {
  if (Array.isArray(value)) return value.map((item) => without(item, hidden, ofMyNumberPerson));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const redactsEventIds = ofMyNumberPerson || namesMyNumberPerson(record);
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    if (hidden(key)) continue;
    const shown = identifiers.get(key);
    kept[key] =
      redactsEventIds && eventIds.has(key) && typeof field === 'string'
        ? redacted
        : shown && typeof field === 'string'
          ? shown(field)
          : personTexts.has(key) && typeof field === 'string'
            ? withoutMyNumbers(field)
            : without(field, hidden, redactsEventIds);
  }
  return kept;
}

/**
 * The one filter every read path passes (R30, R31, R33): My Number is dropped for everyone, and an
 * id stored as one is redacted; a restricted person's address is dropped unless the reader may see
 * it. Returns a copy.
 */
export function viewFor<T>(principal: Principal, subject: ReadSubject, value: T): T {
  return hides(principal, subject) ? withoutProtectedData(value) : withoutMyNumber(value);
}

/**
 * My Number never leaves the ledger, whoever asks and why: a copy without any field that names it,
 * and with any person id, document id or stream name that is one redacted (§3.3).
 */
export function withoutMyNumber<T>(value: T): T {
  return without(value, isMyNumberKey) as T;
}

/** A restricted person's data as a reader who may not see it gets it: no protected field, no My Number (R31). */
export function withoutProtectedData<T>(value: T): T {
  return without(value, (key) => isMyNumberKey(key) || restrictedFields.has(key)) as T;
}

/** Whether an entry of a person's history reaches the reader: access records of a restricted person do not (R31). */
export const showsHistoryEntry = (
  principal: Principal,
  subject: ReadSubject,
  entry: { readonly type: string },
): boolean => !(accessRecordTypes.has(entry.type) && hides(principal, subject));
