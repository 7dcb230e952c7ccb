import { type Principal } from '@ledger/access/keys';
import { type RecordedEvent } from '@ledger/event-store';
import { feedItem, feedNames } from './feed-items';

const auditor: Principal = { keyId: 'k-auditor', role: 'auditor' };
const subscriber: Principal = { keyId: 'k-subscriber', role: 'subscriber' };

let position = 0;
const recorded = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${(position += 1)}`,
  stream,
  revision: 0,
  position,
  recordedAt: '2025-06-01T00:00:00.000Z',
  type,
  data,
  metadata: { actor: 'auditor-3', channel: 'ledger-cli' },
});

const exported = recorded('restricted-exports-123455', 'RestrictedDataExported', {
  insurerNumber: '123455',
  from: '2025-04-01',
  to: '2025-06-30',
  format: 'ndjson',
  actor: 'auditor-3',
  reason: 'court order 42',
});
const nobodyRestricted = () => false;

const unmatched = recorded('eligibility-checks-0110113719', 'EligibilityChecked', {
  medicalInstitutionCode: '0110113719',
  confirmationDate: '2025-06-01',
  method: 'numbers',
  validity: 4,
  insurerNumber: '123455',
});

describe('R40: the audit feed and the insurer’s records in no person’s stream', () => {
  it('shows an auditor a restricted-data export and a check that read nobody, with no person', () => {
    expect(feedItem('audit', auditor, exported, nobodyRestricted)).toMatchObject({
      type: 'RestrictedDataExported',
      insurerNumber: '123455',
      personId: null,
      actor: 'auditor-3',
    });
    expect(feedItem('audit', auditor, unmatched, nobodyRestricted)).toMatchObject({
      insurerNumber: '123455',
      personId: null,
      data: { medicalInstitutionCode: '0110113719', validity: 4 },
    });
  });

  it('shows an auditor the data of a person’s access record, and a subscriber only that an event happened', () => {
    const checked = recorded('insured-123455-P1', 'EligibilityChecked', {
      medicalInstitutionCode: '0110113719',
      confirmationDate: '2025-06-01',
      method: 'numbers',
      validity: 1,
    });
    expect(feedItem('audit', auditor, checked, nobodyRestricted)).toMatchObject({
      personId: 'P1',
      data: { medicalInstitutionCode: '0110113719', validity: 1 },
      actor: 'auditor-3',
    });
    const enrolled = recorded('insured-123455-P1', 'QualificationAcquired', { acquiredOn: '2025-04-01', name: '山田' });
    expect(feedItem('audit', subscriber, enrolled, nobodyRestricted)).not.toHaveProperty('data');
  });

  it('R31: shows a subscriber neither, on any feed, while it shows a person’s enrolment', () => {
    for (const feed of ['audit', 'qualification', 'documents'] as const) {
      expect(feedItem(feed, subscriber, exported, nobodyRestricted)).toBeUndefined();
      expect(feedItem(feed, subscriber, unmatched, nobodyRestricted)).toBeUndefined();
    }
    const enrolled = recorded('insured-123455-P1', 'QualificationAcquired', { acquiredOn: '2025-04-01' });
    expect(feedItem('audit', subscriber, enrolled, nobodyRestricted)).toMatchObject({ personId: 'P1' });
  });

  it('shows nobody a record whose stream names no valid insurer, nor a check that names none', () => {
    expect(
      feedItem('audit', auditor, { ...exported, stream: 'restricted-exports-123456' }, nobodyRestricted),
    ).toBeUndefined();
    expect(
      feedItem(
        'audit',
        auditor,
        { ...unmatched, data: { ...(unmatched.data as object), insurerNumber: undefined } },
        nobodyRestricted,
      ),
    ).toBeUndefined();
  });
});

describe('R31: a restricted person’s protected data on the feeds', () => {
  const restrictedStream = 'insured-123455-R1';
  const restrictedOnly = (stream: string) => stream === restrictedStream;
  const moved = recorded(restrictedStream, 'QualificationDetailsChanged', {
    effectiveOn: '2025-07-01',
    address: '大阪府秘密2-2',
  });
  const checked = recorded(restrictedStream, 'EligibilityChecked', {
    medicalInstitutionCode: '0110113719',
    confirmationDate: '2025-07-02',
    method: 'numbers',
    validity: 1,
  });
  const lookedUp = recorded(restrictedStream, 'PersonLookedUp', { insurerNumber: '123455', personId: 'R1' });

  it('reaches no one on a feed, auditors included: neither the address nor who checked or looked the person up', () => {
    // Addresses travel on the qualification feed, who checked or looked a person up on the audit feed.
    expect(feedItem('audit', auditor, checked, () => false)).toBeDefined();
    for (const reader of [auditor, subscriber]) {
      expect(JSON.stringify(feedItem('qualification', reader, moved, restrictedOnly) ?? {})).not.toContain('大阪府');
      expect(feedItem('audit', reader, checked, restrictedOnly)).toBeUndefined();
      expect(feedItem('audit', reader, lookedUp, restrictedOnly)).toBeUndefined();
    }
    expect(feedItem('qualification', auditor, moved, restrictedOnly)).toMatchObject({
      personId: 'R1',
      data: { effectiveOn: '2025-07-01' },
    });
  });

  it('leaves an auditor the address and access records of a person who is not restricted', () => {
    const other = (event: RecordedEvent) => ({ ...event, stream: 'insured-123455-P2' });
    expect(feedItem('qualification', auditor, other(moved), restrictedOnly)).toMatchObject({
      data: { address: '大阪府秘密2-2' },
    });
    expect(feedItem('audit', auditor, other(checked), restrictedOnly)).toMatchObject({ type: 'EligibilityChecked' });
    expect(feedItem('audit', auditor, other(lookedUp), restrictedOnly)).toMatchObject({ type: 'PersonLookedUp' });
    expect(feedItem('audit', subscriber, other(checked), restrictedOnly)).toBeUndefined();
  });
});

describe('R31: a change of personal details only, on the feeds', () => {
  const moved = recorded('insured-123455-P3', 'QualificationDetailsChanged', {
    effectiveOn: '2025-07-01',
    address: '大阪府北区1-1',
    name: '山田 花子',
  });
  const renumbered = recorded('insured-123455-P3', 'QualificationDetailsChanged', {
    effectiveOn: '2025-08-01',
    address: '大阪府北区2-2',
    number: '1013',
  });

  it('reaches no subscriber, on any feed: it would tell only that the person moved or was renamed', () => {
    for (const feed of ['qualification', 'audit'] as const) {
      expect(feedItem(feed, subscriber, moved, nobodyRestricted)).toBeUndefined();
    }
    expect(feedItem('qualification', auditor, moved, nobodyRestricted)).toMatchObject({
      data: { address: '大阪府北区1-1' },
    });
  });

  it('reaches a subscriber with what it may see when the change holds more than personal details', () => {
    expect(feedItem('qualification', subscriber, renumbered, nobodyRestricted)).toMatchObject({
      data: { effectiveOn: '2025-08-01', number: '1013' },
    });
    expect(feedItem('qualification', subscriber, renumbered, nobodyRestricted)?.data).not.toHaveProperty('address');
  });
});

describe('R31: why a qualification was lost or a document revoked, on the feeds', () => {
  const stream = 'insured-123455-P4';
  const lost = recorded(stream, 'QualificationLost', { lostOn: '2025-09-01', reason: 'welfare-started' });
  const revokedForMove = recorded(stream, 'DocumentRevoked', {
    documentId: 'card-1',
    revokedOn: '2025-08-01',
    reason: 'details-changed',
  });
  const revokedForLoss = recorded(stream, 'DocumentRevoked', {
    documentId: 'cert-1',
    revokedOn: '2025-09-01',
    reason: 'qualification-lost',
  });
  const confirmed = recorded(stream, 'QualificationDetailsConfirmed', { effectiveOn: '2025-08-01' });

  it('tells a subscriber that coverage ended and a document stopped, not why: a move, a death, welfare', () => {
    expect(feedItem('qualification', subscriber, lost, nobodyRestricted)?.data).toEqual({ lostOn: '2025-09-01' });
    expect(feedItem('documents', subscriber, revokedForMove, nobodyRestricted)?.data).toEqual({
      documentId: 'card-1',
      revokedOn: '2025-08-01',
    });
    expect(feedItem('qualification', auditor, lost, nobodyRestricted)?.data).toMatchObject({
      reason: 'welfare-started',
    });
  });

  it('keeps the reason of a revocation a loss brought, which a correction of the loss moves (ADR 0012)', () => {
    expect(feedItem('documents', subscriber, revokedForLoss, nobodyRestricted)?.data).toMatchObject({
      reason: 'qualification-lost',
    });
  });

  it('shows a subscriber no details report that changed nothing, on any feed, and an auditor on the audit feed', () => {
    const feedsShowing = (reader: Principal) =>
      feedNames.filter((feed) => feedItem(feed, reader, confirmed, nobodyRestricted) !== undefined);
    expect(feedsShowing(subscriber)).toEqual([]);
    expect(feedsShowing(auditor)).toEqual(['audit']);
  });
});

describe('R31: a correction of what a subscriber does not see, on the feeds', () => {
  const stream = 'insured-123455-P5';
  const enrolment = {
    insurerNumber: '123455',
    number: '8101',
    relationship: 'insured',
    acquiredOn: '2025-04-01',
    burdenRatio: 30,
    birthDate: '1970-01-01',
    name: '保護 花子',
    address: '旧住所 1-1',
  };
  const corrected = (changes: Record<string, unknown>) =>
    recorded(stream, 'QualificationAcquiredCorrected', { ...enrolment, ...changes, correctedEventId: 'e-enrolment' });
  const feedsShowing = (reader: Principal, event: RecordedEvent, replaced: Record<string, unknown>) =>
    feedNames.filter((feed) => feedItem(feed, reader, event, nobodyRestricted, replaced) !== undefined);

  it('tells a subscriber nothing of a corrected address or name, on any feed; an auditor sees it', () => {
    const moved = corrected({ address: 'シェルター 2-2', name: '保護 華子' });
    expect(feedsShowing(subscriber, moved, enrolment)).toEqual([]);
    expect(feedsShowing(auditor, moved, enrolment)).toEqual(['qualification', 'audit']);
  });

  it('tells a subscriber a corrected enrolment date, and compares with the correction it follows', () => {
    const redated = corrected({ acquiredOn: '2025-03-01' });
    expect(feedsShowing(subscriber, redated, enrolment)).toEqual(['qualification', 'audit']);
    expect(feedItem('qualification', subscriber, redated, nobodyRestricted, enrolment)?.data).toMatchObject({
      acquiredOn: '2025-03-01',
      correctedEventId: 'e-enrolment',
    });
    const redatedData = redated.data as Record<string, unknown>;
    expect(feedsShowing(subscriber, corrected({ acquiredOn: '2025-03-01', address: '別 3' }), redatedData)).toEqual([]);
  });

  it('tells a subscriber nothing of a withdrawal corrected only in its reason, on any feed', () => {
    const loss = { lostOn: '2025-09-01', reason: 'other' };
    const reasonOnly = recorded(stream, 'QualificationLostCorrected', {
      lostOn: '2025-09-01',
      reason: 'welfare-started',
      correctedEventId: 'e-loss',
    });
    expect(feedsShowing(subscriber, reasonOnly, loss)).toEqual([]);
    const redated = recorded(stream, 'QualificationLostCorrected', {
      lostOn: '2025-10-01',
      reason: 'other',
      correctedEventId: 'e-loss',
    });
    expect(feedsShowing(subscriber, redated, loss)).toEqual(['qualification', 'documents', 'audit']);
    expect(feedsShowing(auditor, reasonOnly, loss)).toEqual(['qualification', 'documents', 'audit']);
  });
});
