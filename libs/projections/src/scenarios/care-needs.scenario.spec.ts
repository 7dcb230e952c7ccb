import { type CareNeedsCategory, defaultPolicy, type InsuredPersonCommand } from '@ledger/domain';
import { atCounter, byInsurerSystem, enrolment, insurer, issue, on, person, ScenarioLedger } from './scenario.test-kit';

/**
 * Seed 004 (Gamagori NHI): "マイナ保険証をお持ちでも、介助者等の第三者が本人に同行して本人の資格確認を補助する
 * 必要があるなど、マイナ保険証での受診が困難である方(要配慮者)については、申請手続きをすることで ... 「資格確認書」
 * の交付を受けることができます。申請を一度行うことで、次回更新以降も自動的に資格確認書が交付されます" and
 * "「マイナ保険証を持っているが、念のため資格確認書を持ちたい」という理由では、資格確認書の交付はできません";
 * a member of the same household may apply with "来庁者の本人確認書類" and "介護保険証". So: Haru, registered,
 * first asks for a certificate just in case, then her daughter applies with her long-term-care card.
 */
const city = insurer('232140');
const haru = person(city, 'HARU');
const daughter = atCounter(city, { applicant: 'household-member', identityChecked: true, onBehalfOf: 'HARU' });

const recognition = (category: CareNeedsCategory): InsuredPersonCommand => ({
  type: 'RecognizeCareNeeds',
  data: { recognizedOn: on('2025-06-02'), category },
});
const certificate = (documentId: string, issuedOn: string, occasion: 'application' | 'care-needs' | 'details-change') =>
  issue(documentId, {
    documentType: 'eligibility-certificate',
    issuedOn,
    validUntil: '2026-07-31',
    delivery: 'counter',
    occasion,
  });

describe('care needs (seed 004)', () => {
  const ledger = new ScenarioLedger(defaultPolicy);
  const due = (date: string) =>
    ledger
      .certificatesDue(city, date)
      .map(({ personId, rule, occasion, dueOn }) => ({ personId, rule, occasion, dueOn }));

  beforeAll(async () => {
    await ledger.handle(
      haru,
      enrolment(city, { acquiredOn: '2020-04-01', birthDate: '1957-06-15' }),
      byInsurerSystem(city),
    );
    await ledger.handle(
      haru,
      { type: 'RegisterCard', data: { registeredOn: on('2023-03-01'), channel: 'card-reader' } },
      byInsurerSystem(city),
    );
  });
  afterAll(() => ledger.close());

  it('R22: "just in case" is no reason: no certificate, and no recognition without a category', async () => {
    expect(
      await ledger.refusal(haru, certificate('cert-0', '2025-05-20', 'application'), atCounter(city)),
    ).toMatchObject({ code: 'CERTIFICATE_WITHOUT_GROUND', rule: 'R22' });
    // An application form with no category ticked, as it reaches the domain once parsed at the edge.
    expect(await ledger.refusal(haru, recognition('just-in-case' as CareNeedsCategory), daughter)).toMatchObject({
      code: 'CARE_NEEDS_CATEGORY_REQUIRED',
      rule: 'R22',
    });
    expect(ledger.documentsOn(haru, '2025-05-20')).toEqual({ documents: [], pending: [] });
    expect(ledger.auditTrail(haru)).toHaveLength(2);
  });

  it('R22, R40: recognized on the application of a household member, recorded as such', async () => {
    await ledger.handle(haru, recognition('long-term-care'), daughter);
    expect(ledger.qualificationOn(haru, '2025-06-01')).toMatchObject({ careNeeds: false, registration: 'registered' });
    expect(ledger.qualificationOn(haru, '2025-06-02')).toMatchObject({ careNeeds: true, registration: 'registered' });
    expect(ledger.auditTrail(haru).at(-1)).toMatchObject({
      type: 'CareNeedsRecognized',
      effectiveOn: '2025-06-02',
      channel: 'counter',
      applicant: 'household-member',
      identityChecked: true,
      powerOfAttorney: null,
      onBehalfOf: 'HARU',
    });
  });

  it('R22: a registered person with care needs is owed a certificate from the recognition', async () => {
    expect(due('2025-06-01')).toEqual([]);
    expect(due('2025-06-02')).toEqual([{ personId: 'HARU', rule: 'R22', occasion: 'care-needs', dueOn: '2025-06-02' }]);
    await ledger.handle(haru, certificate('cert-1', '2025-06-02', 'care-needs'), atCounter(city));
    expect(ledger.documentsOn(haru, '2025-06-02')).toEqual({
      documents: [expect.objectContaining({ documentId: 'cert-1', state: 'valid', occasion: 'care-needs' })],
      pending: [],
    });
    expect(due('2025-06-02')).toEqual([]);
  });

  it('R26: after a move the reprinted certificate supersedes the old one the day it is issued', async () => {
    await ledger.handle(
      haru,
      { type: 'ChangeQualificationDetails', data: { effectiveOn: on('2025-10-20'), address: '蒲郡市旭町17番1号' } },
      atCounter(city),
    );
    await ledger.handle(haru, certificate('cert-2', '2025-10-20', 'details-change'), atCounter(city));
    expect(ledger.documentStateOn(haru, 'cert-1', '2025-10-19')).toBe('valid');
    expect(ledger.documentsOn(haru, '2025-10-20')).toEqual({
      documents: [
        expect.objectContaining({ documentId: 'cert-1', state: 'superseded', endedBecause: 'superseded' }),
        expect.objectContaining({ documentId: 'cert-2', state: 'valid', occasion: 'details-change' }),
      ],
      pending: [],
    });
  });

  it('R22: once recognized, the renewal follows without a new application', () => {
    expect(ledger.documentStateOn(haru, 'cert-2', '2026-07-31')).toBe('valid');
    expect(due('2026-07-31')).toEqual([]);
    expect(ledger.documentStateOn(haru, 'cert-2', '2026-08-01')).toBe('expired');
    expect(due('2026-08-01')).toEqual([{ personId: 'HARU', rule: 'R22', occasion: 'renewal', dueOn: '2026-08-01' }]);
  });

  it('R22, R42: care needs that ended still show on the dates they held, and not after', async () => {
    await ledger.handle(
      haru,
      { type: 'EndCareNeeds', data: { endedOn: on('2026-09-01'), category: 'long-term-care' } },
      daughter,
    );
    expect(ledger.qualificationOn(haru, '2026-08-31')).toMatchObject({ careNeeds: true });
    expect(ledger.qualificationOn(haru, '2026-09-01')).toMatchObject({ careNeeds: false });
    expect(ledger.qualificationOn(haru, '2025-06-02')).toMatchObject({ careNeeds: true });
  });
});
