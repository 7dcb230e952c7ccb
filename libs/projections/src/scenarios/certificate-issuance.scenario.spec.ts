import { defaultPolicy, type InsuredPersonCommand } from '@ledger/domain';
import {
  atCounter,
  byInsurerSystem,
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
 * Seed 003 (Fukuyama NHI), A7: "保険証を紛失した場合 ... 加入する保険者へ申請をしてください。資格確認書が交付されます"
 * and A8: "マイナンバーカードを取得されていない場合などは ... 「資格確認書」が申請不要で保険者から交付されます".
 * Seed 001: "令和6年12月2日以降に現行保険証を紛失された方等へは新規に資格確認書を交付します". So: Miki, who has
 * no My Number card, loses her paper card in February 2025, later loses the certificate too, and is
 * renewed at the bulk renewal; Kenji, who lost nothing, asks for a "loss" certificate and is refused.
 */
const city = insurer('342071');
const miki = person(city, 'MIKI');
const kenji = person(city, 'KENJI');
const clerk = atCounter(city);

const lost = (documentId: string, reportedOn: string): InsuredPersonCommand => ({
  type: 'ReportDocumentLost',
  data: { documentId: doc(documentId), reportedOn: on(reportedOn) },
});
const certificate = (documentId: string, issuedOn: string, validUntil: string, occasion: 'loss' | 'renewal') =>
  issue(documentId, { documentType: 'eligibility-certificate', issuedOn, validUntil, delivery: 'counter', occasion });

describe('eligibility certificate issuance (seeds 001, 003 A7, A8)', () => {
  const ledger = new ScenarioLedger(defaultPolicy);
  const dueIn = (date: string) =>
    ledger
      .certificatesDue(city, date)
      .map(({ personId, rule, occasion, dueOn }) => ({ personId, rule, occasion, dueOn }));

  beforeAll(async () => {
    for (const [who, birthDate] of [
      [miki, '1959-12-24'],
      [kenji, '1961-07-07'],
    ] as const) {
      await ledger.handle(who, enrolment(city, { acquiredOn: '2019-04-01', birthDate }), byInsurerSystem(city));
      await ledger.handle(who, legacyCard(`card-${who.personId}`, '2024-08-01', '2026-07-31'), byInsurerSystem(city));
    }
    await ledger.handle(miki, lost('card-MIKI', '2025-02-10'), clerk);
  });
  afterAll(() => ledger.close());

  it('R20: a lost paper card stops counting the day it is reported, and the certificate is owed from then', () => {
    expect(ledger.documentStateOn(miki, 'card-MIKI', '2025-02-09')).toBe('valid');
    expect(ledger.documentStateOn(miki, 'card-MIKI', '2025-02-10')).toBe('reported-lost');
    expect(dueIn('2025-02-09')).toEqual([]);
    expect(dueIn('2025-02-10')).toEqual([
      { personId: 'MIKI', rule: 'R20', occasion: 'acquisition', dueOn: '2025-02-10' },
    ]);
    // Kenji's card counts until the law's last day; his certificate is owed the day after.
    expect(dueIn('2025-12-01')).toEqual([
      { personId: 'MIKI', rule: 'R20', occasion: 'acquisition', dueOn: '2025-02-10' },
    ]);
    expect(dueIn('2025-12-02').map((due) => due.personId)).toEqual(['KENJI', 'MIKI']);
  });

  it('R24: a certificate for a loss needs a lost document; R26: it is valid at most five years', async () => {
    expect(await ledger.refusal(kenji, certificate('cert-K', '2025-02-12', '2026-07-31', 'loss'), clerk)).toMatchObject(
      { code: 'NO_DOCUMENT_REPORTED_LOST', rule: 'R24' },
    );
    expect(await ledger.refusal(miki, certificate('cert-1', '2025-02-12', '2030-02-12', 'loss'), clerk)).toMatchObject({
      code: 'VALIDITY_TOO_LONG',
      rule: 'R26',
    });
  });

  it('R24: the certificate issued on application replaces the lost card', async () => {
    await ledger.handle(miki, certificate('cert-1', '2025-02-12', '2026-07-31', 'loss'), clerk);
    expect(ledger.documentsOn(miki, '2025-02-11')).toMatchObject({
      documents: [{ documentId: 'card-MIKI', state: 'reported-lost' }],
      pending: [{ rule: 'R20' }],
    });
    expect(ledger.documentsOn(miki, '2025-02-12')).toEqual({
      documents: [
        expect.objectContaining({ documentId: 'card-MIKI', state: 'reported-lost' }),
        expect.objectContaining({ documentId: 'cert-1', state: 'valid', occasion: 'loss', validUntil: '2026-07-31' }),
      ],
      pending: [],
    });
    expect(ledger.auditTrail(miki).at(-1)).toMatchObject({ type: 'DocumentIssued', channel: 'counter' });
  });

  it('R24, R26: a lost certificate is replaced; the person never holds two valid ones', async () => {
    await ledger.handle(miki, lost('cert-1', '2025-09-01'), clerk);
    expect(dueIn('2025-08-31')).toEqual([]);
    // Owed again from the day the lost one stopped counting, not from the first obligation (R42).
    expect(dueIn('2025-09-01')).toEqual([
      { personId: 'MIKI', rule: 'R20', occasion: 'acquisition', dueOn: '2025-09-01' },
    ]);
    await ledger.handle(miki, certificate('cert-2', '2025-09-03', '2026-07-31', 'loss'), clerk);
    const documents = ledger.documentsOn(miki, '2025-09-03').documents;
    expect(documents.map(({ documentId, state }) => [documentId, state])).toEqual([
      ['card-MIKI', 'reported-lost'],
      ['cert-1', 'reported-lost'],
      ['cert-2', 'valid'],
    ]);
  });

  it('R26: an expired certificate is owed again at the bulk renewal, as a renewal', () => {
    expect(ledger.documentStateOn(miki, 'cert-2', '2026-07-31')).toBe('valid');
    expect(ledger.documentStateOn(miki, 'cert-2', '2026-08-01')).toBe('expired');
    expect(dueIn('2026-07-31').filter((due) => due.personId === 'MIKI')).toEqual([]);
    expect(dueIn('2026-08-01').filter((due) => due.personId === 'MIKI')).toEqual([
      { personId: 'MIKI', rule: 'R20', occasion: 'renewal', dueOn: '2026-08-01' },
    ]);
  });

  it('R26: the renewal mailed in July takes over on 1 August; the old one counts until then', async () => {
    await ledger.handle(
      miki,
      issue('cert-3', {
        documentType: 'eligibility-certificate',
        issuedOn: '2026-07-10',
        validFrom: '2026-08-01',
        validUntil: '2027-07-31',
        delivery: 'mail-to-person',
        occasion: 'renewal',
      }),
      byInsurerSystem(city),
    );
    expect(ledger.documentStateOn(miki, 'cert-3', '2026-07-09')).toBeUndefined();
    expect(ledger.documentStateOn(miki, 'cert-3', '2026-07-10')).toBe('issued');
    expect(ledger.documentStateOn(miki, 'cert-2', '2026-07-31')).toBe('valid');
    expect(ledger.documentsOn(miki, '2026-07-31').pending).toEqual([]);
    expect(ledger.documentStateOn(miki, 'cert-3', '2026-08-01')).toBe('valid');
    expect(ledger.documentStateOn(miki, 'cert-2', '2026-08-01')).toBe('expired');
    expect(ledger.documentsOn(miki, '2026-08-01').pending).toEqual([]);
    expect(dueIn('2026-08-01').filter((due) => due.personId === 'MIKI')).toEqual([]);
  });
});
