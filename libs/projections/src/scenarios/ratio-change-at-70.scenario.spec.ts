import { type InsuredPersonCommand, validDocumentsOn } from '@ledger/domain';
import { qualificationOn } from '../qualification/qualification-view';
import {
  byInsurerSystem,
  chuoWardPolicy,
  doc,
  enrolment,
  insurer,
  issue,
  legacyCard,
  on,
  person,
  ScenarioLedger,
} from './scenario.test-kit';

/**
 * Seed 001 (Chuo ward): "新規資格取得時や70歳以上での負担割合変更時等に「資格情報のお知らせ(A4サイズ)」が保険者から
 * 交付されます". Seed 003 A6 ※2: "2024年12月2日以降、転居や負担割合の変更などがあった場合には、その保険証はその
 * 時点で無効になります". So: Osamu, born 1954-08-15, moves to the 70-74 ratio in September 2024 (before the
 * cutover), and the yearly reassessment raises it back to 30% from 2025-08-01, reported late on 2025-08-20.
 */
const ward = insurer('131029');
const osamu = person(ward, 'OSAMU');
const system = byInsurerSystem(ward);

const ratio = (effectiveOn: string, burdenRatio: 20 | 30): InsuredPersonCommand => ({
  type: 'ChangeQualificationDetails',
  data: { effectiveOn: on(effectiveOn), burdenRatio },
});
const elderlyRecipient = (validFrom: string) =>
  issue('elderly-1', {
    documentType: 'elderly-recipient-certificate',
    issuedOn: '2024-08-20',
    validFrom,
    validUntil: '2025-07-31',
    delivery: 'mail-to-person',
    occasion: 'ratio-change',
  });

describe('burden ratio change at 70 and over (seeds 001, 003 A6)', () => {
  const ledger = new ScenarioLedger(chuoWardPolicy);

  beforeAll(async () => {
    ledger.recordAt('2024-08-05T00:00:00.000Z');
    await ledger.handle(osamu, enrolment(ward, { acquiredOn: '2014-04-01', birthDate: '1954-08-15' }), system);
    await ledger.handle(osamu, legacyCard('card-OSAMU', '2024-08-01', '2026-07-31'), system);
  });
  afterAll(() => ledger.close());

  it('R4: the 70-74 ratio applies from the first of the month after attaining 70, not a day before', async () => {
    expect(await ledger.refusal(osamu, ratio('2024-08-31', 20), system)).toMatchObject({
      code: 'BURDEN_RATIO_NOT_ALLOWED',
      rule: 'R4',
    });
    expect(await ledger.refusal(osamu, elderlyRecipient('2024-08-31'), system)).toMatchObject({
      code: 'ELDERLY_RECIPIENT_AGE',
      rule: 'R4',
    });
    await ledger.handle(osamu, ratio('2024-09-01', 20), system);
    await ledger.handle(osamu, elderlyRecipient('2024-09-01'), system);
    expect(ledger.qualificationOn(osamu, '2024-08-31')).toMatchObject({ burdenRatio: 30 });
    expect(ledger.qualificationOn(osamu, '2024-09-01')).toMatchObject({ burdenRatio: 20 });
    expect(ledger.documentStateOn(osamu, 'elderly-1', '2024-08-31')).toBe('issued');
    expect(ledger.documentStateOn(osamu, 'elderly-1', '2024-09-01')).toBe('valid');
  });

  it('R12, R28: a change before the cutover keeps the card and owes no notice', async () => {
    ledger.recordAt('2024-10-01T03:00:00.000Z');
    await ledger.handle(
      osamu,
      { type: 'RegisterCard', data: { registeredOn: on('2024-10-01'), channel: 'card-reader' } },
      system,
    );
    expect(ledger.documentStateOn(osamu, 'card-OSAMU', '2024-09-01')).toBe('valid');
    expect(ledger.documentsOn(osamu, '2025-07-31').pending).toEqual([]);
  });

  it('R12, R28, R42: the late-reported change of 2025-08-01 ends the card and owes a notice from that day', async () => {
    ledger.recordAt('2025-08-20T01:00:00.000Z');
    await ledger.handle(osamu, ratio('2025-08-01', 30), system);
    expect(ledger.qualificationOn(osamu, '2025-07-31')).toMatchObject({ burdenRatio: 20, registration: 'registered' });
    expect(ledger.qualificationOn(osamu, '2025-08-01')).toMatchObject({ burdenRatio: 30, registration: 'registered' });
    expect(ledger.documentStateOn(osamu, 'card-OSAMU', '2025-07-31')).toBe('valid');
    expect(ledger.documentsOn(osamu, '2025-08-01')).toMatchObject({
      documents: [
        { documentId: 'card-OSAMU', state: 'revoked', endedBecause: 'details-changed' },
        { documentId: 'elderly-1', state: 'expired' },
      ],
      pending: [{ documentType: 'qualification-notice', occasion: 'ratio-change', rule: 'R28', dueOn: '2025-08-01' }],
    });
    expect(ledger.documentsOn(osamu, '2025-07-31').pending).toEqual([]);
    expect(ledger.legacyCardsLapsing(ward, '2025-07-01', '2025-07-31')).toEqual([]);
    expect(ledger.legacyCardsLapsing(ward, '2025-08-01', '2025-08-31')).toEqual([
      { personId: 'OSAMU', documentId: 'card-OSAMU', stopsOn: '2025-08-01' },
    ]);
    expect(ledger.auditTrail(osamu).at(-2)).toMatchObject({
      type: 'QualificationDetailsChanged',
      effectiveOn: '2025-08-01',
      recordedAt: '2025-08-20T01:00:00.000Z',
      channel: 'batch-interface',
    });
  });

  it('R42: as known before the late report, the ledger still showed 20% and a valid card for 2025-08-01', async () => {
    const before = (await ledger.asKnownAt(osamu, '2025-08-20T00:59:59.999Z'))!;
    const after = (await ledger.asKnownAt(osamu, '2025-08-20T01:00:00.000Z'))!;
    expect(qualificationOn(before, on('2025-08-01'))).toMatchObject({ burdenRatio: 20 });
    expect(qualificationOn(after, on('2025-08-01'))).toMatchObject({ burdenRatio: 30 });
    const validCardsOn = (state: typeof before) =>
      validDocumentsOn(state, 'legacy-card', on('2025-08-01'), chuoWardPolicy).map((card) => card.documentId);
    expect(validCardsOn(before)).toEqual([doc('card-OSAMU')]);
    expect(validCardsOn(after)).toEqual([]);
    expect(after.documents.get(doc('card-OSAMU'))?.end).toEqual({
      how: 'revoked',
      on: '2025-08-01',
      reason: 'details-changed',
    });
  });

  it('R28: the notice ends the obligation from the day it is issued', async () => {
    await ledger.handle(
      osamu,
      issue('notice-1', {
        documentType: 'qualification-notice',
        issuedOn: '2025-08-22',
        delivery: 'mail-to-person',
        occasion: 'ratio-change',
      }),
      system,
    );
    expect(ledger.documentsOn(osamu, '2025-08-22')).toMatchObject({
      documents: [{ state: 'revoked' }, { state: 'expired' }, { documentId: 'notice-1', state: 'valid' }],
      pending: [],
    });
    expect(ledger.documentsOn(osamu, '2025-08-21').pending).toEqual([
      expect.objectContaining({ documentType: 'qualification-notice', rule: 'R28', dueOn: '2025-08-01' }),
    ]);
  });
});
