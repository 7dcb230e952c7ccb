import { type Principal } from '@ledger/access/keys';
import { withoutMyNumber, withoutProtectedData } from '@ledger/access/viewing-restriction';
import { accessRecordTypes, auditSubjectOf, type InsuredPersonEventType, stateKeepingTypes } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { auditedEventTypes, personEventTypes } from '@ledger/projections';

export const feedNames = ['qualification', 'documents', 'audit'] as const;
export type FeedName = (typeof feedNames)[number];

const isDocumentType = (type: string) => type.startsWith('Document');
/**
 * A withdrawal and its correction go to the documents feed too: a correction moves the revocations
 * its loss brought (`reason: qualification-lost`, on the loss's date) to its own date, and no event
 * of the documents says so (ADR 0012).
 */
const withdrawalTypes: readonly InsuredPersonEventType[] = ['QualificationLost', 'QualificationLostCorrected'];
/** Derived from the person's event types, so a new document event reaches its feed without a list to keep. */
const documentTypes = [...[...personEventTypes].filter(isDocumentType), ...withdrawalTypes];
const qualificationTypes = [...personEventTypes].filter(
  (type) => !isDocumentType(type) && !stateKeepingTypes.has(type),
);

/**
 * Events a subscriber never gets, on any feed. A viewing restriction: nothing about it may be
 * inferred outside the insurer and auditors (R30, R31), as the eligibility answer makes sure, and a
 * subscriber must not be able to list the restricted persons. Care needs too: 要配慮者 is sensitive
 * (disability, long-term care, guardian), no downstream service needs it (the certificate it leads to
 * comes on the documents feed), and a restricted person counts as needing consideration (R33), so
 * care-needs events would hint at restrictions.
 */
const hiddenFromSubscribers: ReadonlySet<string> = new Set<InsuredPersonEventType>([
  'ViewingRestrictionFiled',
  'ViewingRestrictionLifted',
  'CareNeedsRecognized',
  'CareNeedsEnded',
  // A details report that changed nothing: it tells a subscriber only that the person reported something.
  'QualificationDetailsConfirmed',
]);

/** The event types each feed follows. */
export const feedEventTypes: Readonly<Record<FeedName, readonly string[]>> = {
  qualification: qualificationTypes,
  documents: documentTypes,
  audit: [...auditedEventTypes],
};

/**
 * What a subscriber may learn of a change (minimized): coverage, numbers, ratio and dates that a
 * downstream service needs; never names, addresses, birth dates, household, applicants, nor a
 * document's occasion (`restriction`, `care-needs` would tell what the events above hide), nor why
 * a qualification was lost (`death`, `welfare-started`) or a document revoked (`details-changed`
 * would tell of a move): see `subscriberData`.
 */
const subscriberFields: ReadonlySet<string> = new Set([
  'insurerNumber',
  'symbol',
  'number',
  'branch',
  'relationship',
  'burdenRatio',
  'acquiredOn',
  'lostOn',
  'effectiveOn',
  'registeredOn',
  'requestedOn',
  'carriedRegistration',
  'correctedEventId',
  'documentId',
  'documentType',
  'issuedOn',
  'validFrom',
  'validUntil',
  'delivery',
  'deliveredOn',
  'returnedOn',
  'reportedOn',
  'revokedOn',
]);

export interface FeedItem {
  readonly position: number;
  /** The event's id: a correction names the event it corrects by it (`correctedEventId`). */
  readonly id: string;
  readonly type: string;
  readonly insurerNumber: string;
  /** Null on the audit feed for an insurer's records in no person's stream. */
  readonly personId: string | null;
  readonly recordedAt: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly actor?: unknown;
  readonly channel?: unknown;
}

const pick = (data: Record<string, unknown>, fields: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(data).filter(([key]) => fields.has(key)));

/**
 * A change's data as a subscriber gets it. A revocation a loss brought keeps its reason: a
 * correction of the loss moves exactly those (ADR 0012), and the loss itself is on the feed anyway.
 */
const subscriberData = (event: RecordedEvent, data: Record<string, unknown>): Record<string, unknown> =>
  event.type === 'DocumentRevoked' && data.reason === 'qualification-lost'
    ? { ...pick(data, subscriberFields), reason: data.reason }
    : pick(data, subscriberFields);

/**
 * A change of details a subscriber may see none of (a name, an address): it tells a subscriber only
 * that something personal changed on that day, a move above all, which for a restricted person is
 * what R31 hides, and no downstream service needs it. It reaches no subscriber, on any feed.
 */
const personalOnlyChange = (event: RecordedEvent): boolean =>
  event.type === 'QualificationDetailsChanged' &&
  Object.keys((event.data ?? {}) as Record<string, unknown>).every(
    (key) => key === 'effectiveOn' || !subscriberFields.has(key),
  );

/** The corrections of an earlier event: each one's data replaces that event's (ADR 0012). */
const correctionTypes: ReadonlySet<string> = new Set<InsuredPersonEventType>([
  'QualificationAcquiredCorrected',
  'QualificationLostCorrected',
]);

export const isCorrection = (event: RecordedEvent): boolean => correctionTypes.has(event.type);

/**
 * A correction that changes nothing a subscriber may see (an address, a name, why a qualification
 * was lost): like a personal-only change of details, it would tell a subscriber only that something
 * hidden changed. `replaced` is the data it replaces: unknown, the correction is shown.
 */
const changesNothingShown = (event: RecordedEvent, replaced: Record<string, unknown> | undefined): boolean => {
  if (!isCorrection(event) || replaced === undefined) return false;
  const before = pick(replaced, subscriberFields);
  const after = pick((event.data ?? {}) as Record<string, unknown>, subscriberFields);
  const shown = new Set([...Object.keys(before), ...Object.keys(after)].filter((key) => key !== 'correctedEventId'));
  return [...shown].every((key) => JSON.stringify(before[key]) === JSON.stringify(after[key]));
};

/**
 * One change as a feed shows it to the reader, or undefined when the reader may not see it. A feed
 * is no recorded read of a person (R40), so it carries a restricted person's protected data to no
 * one (R31): no access records of the person and no address, auditors included, who read those
 * through the person's audit trail. Whether a person is restricted is asked for auditors alone;
 * for every other reader the filter fails closed, as if each person were. The insurer's records in
 * no person's stream (checks that found nobody under the numbers, restricted-data exports) reach
 * only auditors, with the event's data as on every feed (which clinic asked, what it was answered).
 * A correction is told to a subscriber only where it changes what the subscriber sees of the data it
 * `replaced`.
 */
export function feedItem(
  feed: FeedName,
  principal: Principal,
  event: RecordedEvent,
  isRestricted: (stream: string) => boolean,
  replaced?: Record<string, unknown>,
): FeedItem | undefined {
  const audited = auditSubjectOf(event.stream, event.data);
  if (!audited || !feedEventTypes[feed].includes(event.type)) return undefined;
  const auditor = principal.role === 'auditor';
  if (
    !auditor &&
    (hiddenFromSubscribers.has(event.type) ||
      audited.personId === null ||
      personalOnlyChange(event) ||
      changesNothingShown(event, replaced))
  ) {
    return undefined;
  }
  const protectedData = !auditor || (audited.personId !== null && isRestricted(event.stream));
  if (protectedData && accessRecordTypes.has(event.type)) return undefined;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const base = { position: event.position, id: event.id, type: event.type, ...audited, recordedAt: event.recordedAt };
  const item: FeedItem =
    feed !== 'audit'
      ? { ...base, data: auditor ? data : subscriberData(event, data) }
      : auditor
        ? { ...base, data, actor: event.metadata.actor, channel: event.metadata.channel }
        : base;
  return protectedData ? withoutProtectedData(item) : withoutMyNumber(item);
}
