import {
  atCounter,
  byInsurerSystem,
  chuoWardPolicy,
  enrolment,
  insurer,
  issue,
  legacyCard,
  on,
  person,
  ScenarioLedger,
} from './scenario.test-kit';

/**
 * Seed 001 (Chuo ward): "お手持ちの保険証は券面の記載事項に変更がない場合、令和6年12月2日以降も
 * 記載された有効期限まで利用可能です。国民健康保険については、最長で令和7年9月30日まで" and
 * "紛失・盗難等いかなる事情であっても令和6年12月2日以降、保険証の再発行は一切できなくなります".
 * Seed 003 A6: "2024年12月1日時点で有効な保険証は、最長1年間(2025年12月1日まで)" and
 * "※2 2024年12月2日以降、転居や負担割合の変更などがあった場合には、その保険証はその時点で無効".
 * Seed 002 (a health insurance society): "最長1年間、従来通り使用できる". So: four ward members
 * and one company employee whose cards were issued before the cutover, and what each read model
 * says as each card reaches its end.
 */
const ward = insurer('131029');
const society = insurer('06050116');
const hanako = person(ward, 'HANAKO'); // keeps her card until the ward's cap
const ichiro = person(ward, 'ICHIRO'); // moves within the ward in March 2025
const jiro = person(ward, 'JIRO'); // leaves the NHI for a company plan in May 2025
const emi = person(society, 'EMI'); // joins the company on the last day before the cutover

describe('legacy card transition (seeds 001, 002, 003 A6)', () => {
  const ledger = new ScenarioLedger(chuoWardPolicy);
  const migration = byInsurerSystem(ward);

  beforeAll(async () => {
    for (const [who, birthDate] of [
      [hanako, '1975-06-01'],
      [ichiro, '1982-02-11'],
      [jiro, '1990-10-30'],
    ] as const) {
      await ledger.handle(who, enrolment(ward, { acquiredOn: '2019-04-01', birthDate }), migration);
      // The yearly NHI card of August 2024, printed valid until the end of July 2026.
      await ledger.handle(who, legacyCard(`card-${who.personId}`, '2024-08-01', '2026-07-31'), migration);
    }
    await ledger.handle(
      ichiro,
      {
        type: 'ChangeQualificationDetails',
        data: { effectiveOn: on('2025-03-15'), address: '中央区築地一丁目2番3号' },
      },
      atCounter(ward),
    );
    await ledger.handle(
      jiro,
      { type: 'LoseQualification', data: { lostOn: on('2025-05-01'), reason: 'other-insurance' } },
      atCounter(ward),
    );
    await ledger.handle(emi, enrolment(society, { acquiredOn: '2024-12-01', birthDate: '1998-04-20' }), migration);
    // Employee-plan cards print no expiry: only the law's last day bounds them.
    await ledger.handle(
      emi,
      issue('card-EMI', {
        documentType: 'legacy-card',
        issuedOn: '2024-12-01',
        delivery: 'counter',
        occasion: 'acquisition',
      }),
      byInsurerSystem(society),
    );
  });
  afterAll(() => ledger.close());

  it('R10: no card is reissued from 2024-12-02 on, even after a loss; the one of 2024-12-01 stands', async () => {
    const reissue = issue('card-EMI-2', {
      documentType: 'legacy-card',
      issuedOn: '2024-12-02',
      delivery: 'counter',
      occasion: 'loss',
    });
    expect(await ledger.refusal(emi, reissue, atCounter(society))).toMatchObject({
      code: 'LEGACY_CARD_AFTER_CUTOVER',
      rule: 'R10',
    });
    expect(ledger.documentsOn(emi, '2024-12-02').documents.map((document) => document.documentId)).toEqual([
      'card-EMI',
    ]);
    expect(ledger.auditTrail(emi).map((row) => row.type)).toEqual(['QualificationAcquired', 'DocumentIssued']);
  });

  it("R11: a card printed until 2026-07-31 counts until the ward's cap 2025-09-30, not a day longer", () => {
    expect(ledger.documentsOn(hanako, '2025-09-30').documents).toEqual([
      expect.objectContaining({ documentId: 'card-HANAKO', state: 'valid', validUntil: '2025-09-30' }),
    ]);
    expect(ledger.documentStateOn(hanako, 'card-HANAKO', '2025-10-01')).toBe('expired');
    expect(ledger.qualificationOn(hanako, '2025-10-01')).toMatchObject({ covered: true, registration: 'none' });
  });

  it("R11: a card with no printed expiry, valid on 2024-12-01, counts until the law's last day 2025-12-01", () => {
    expect(ledger.documentStateOn(emi, 'card-EMI', '2025-12-01')).toBe('valid');
    expect(ledger.documentStateOn(emi, 'card-EMI', '2025-12-02')).toBe('expired');
  });

  it('R12: a move after the cutover ends the card on the day of the move', () => {
    expect(ledger.documentStateOn(ichiro, 'card-ICHIRO', '2025-03-14')).toBe('valid');
    expect(ledger.documentsOn(ichiro, '2025-03-15').documents).toEqual([
      expect.objectContaining({ state: 'revoked', endedBecause: 'details-changed' }),
    ]);
    expect(ledger.auditTrail(ichiro).slice(-2)).toEqual([
      expect.objectContaining({ type: 'QualificationDetailsChanged', effectiveOn: '2025-03-15', channel: 'counter' }),
      expect.objectContaining({ type: 'DocumentRevoked', effectiveOn: '2025-03-15', channel: 'counter' }),
    ]);
  });

  it('R12, R2: a withdrawal ends coverage and the card on lostOn', () => {
    expect(ledger.qualificationOn(jiro, '2025-04-30')).toMatchObject({ covered: true });
    expect(ledger.documentStateOn(jiro, 'card-JIRO', '2025-04-30')).toBe('valid');
    expect(ledger.qualificationOn(jiro, '2025-05-01')).toMatchObject({
      covered: false,
      lostOn: '2025-05-01',
      periods: [{ acquiredOn: '2019-04-01', lostOn: '2025-05-01' }],
    });
    expect(ledger.documentsOn(jiro, '2025-05-01').documents).toEqual([
      expect.objectContaining({ state: 'revoked', endedBecause: 'qualification-lost' }),
    ]);
  });

  it('R11, R12: the lapse worklist lists each card in the month it stops, for the insured still covered then', () => {
    expect(ledger.legacyCardsLapsing(ward, '2025-03-01', '2025-03-14')).toEqual([]);
    expect(ledger.legacyCardsLapsing(ward, '2025-03-15', '2025-09-30')).toEqual([
      { personId: 'ICHIRO', documentId: 'card-ICHIRO', stopsOn: '2025-03-15' },
    ]);
    expect(ledger.legacyCardsLapsing(ward, '2025-10-01', '2025-10-31')).toEqual([
      { personId: 'HANAKO', documentId: 'card-HANAKO', stopsOn: '2025-10-01' },
    ]);
    expect(ledger.legacyCardsLapsing(society, '2025-12-01', '2025-12-01')).toEqual([]);
    expect(ledger.legacyCardsLapsing(society, '2025-12-02', '2025-12-31')).toEqual([
      { personId: 'EMI', documentId: 'card-EMI', stopsOn: '2025-12-02' },
    ]);
  });

  it('R20: an unregistered person is owed a certificate by the day the card stops', () => {
    const due = (insurerNumber: typeof ward, date: string) =>
      ledger.certificatesDue(insurerNumber, date).map(({ personId, rule, dueOn }) => ({ personId, rule, dueOn }));
    expect(due(ward, '2025-03-14')).toEqual([]);
    expect(due(ward, '2025-03-15')).toEqual([{ personId: 'ICHIRO', rule: 'R20', dueOn: '2025-03-15' }]);
    expect(due(ward, '2025-09-30')).toEqual([{ personId: 'ICHIRO', rule: 'R20', dueOn: '2025-03-15' }]);
    expect(due(ward, '2025-10-01')).toEqual([
      { personId: 'HANAKO', rule: 'R20', dueOn: '2025-10-01' },
      { personId: 'ICHIRO', rule: 'R20', dueOn: '2025-03-15' },
    ]);
    expect(due(society, '2025-12-01')).toEqual([]);
    expect(due(society, '2025-12-02')).toEqual([{ personId: 'EMI', rule: 'R20', dueOn: '2025-12-02' }]);
    expect(ledger.documentsOn(hanako, '2025-10-01').pending).toEqual([
      expect.objectContaining({ documentType: 'eligibility-certificate', rule: 'R20', state: 'pending-issuance' }),
    ]);
  });
});
