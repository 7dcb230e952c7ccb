import { type InsuredPersonCommand } from '@ledger/domain';
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
 * Seed 001 (Chuo ward), 注意事項 4: "利用登録の解除時に有効な被保険者証をお持ちの場合は、資格確認書の即時発行は
 * 原則行いません。次回の一斉更新時(令和7年7月頃を予定)に資格確認書を送付します。" and 注意事項 3: "解除申請後から
 * 解除がなされるまでの間(2か月程度)に、別の医療保険者等に異動した場合は、異動後の医療保険者等に対し、...
 * 資格確認書の申請を行うようにしてください" (seed 004 says the same). So: Sachiko still holds her paper card
 * when her cancellation takes effect; Taro joins a company plan while his cancellation is pending.
 */
const ward = insurer('131029');
const society = insurer('06050116');
const sachiko = person(ward, 'SACHIKO');
const taroAtWard = person(ward, 'TARO');
const taroAtSociety = person(society, 'TARO');
const clerk = atCounter(ward);

const cancellationRequest = (requestedOn: string): InsuredPersonCommand => ({
  type: 'RequestRegistrationCancellation',
  data: { requestedOn: on(requestedOn), applicant: 'self', identityDocumentChecked: true, powerOfAttorney: false },
});
const cancellationCertificate = (documentId: string, issuedOn: string) =>
  issue(documentId, {
    documentType: 'eligibility-certificate',
    issuedOn,
    validUntil: '2026-07-31',
    delivery: 'mail-to-person',
    occasion: 'cancellation',
  });

describe('a cancellation while a paper card is valid, and a move while it is pending (seeds 001, 004)', () => {
  const ledger = new ScenarioLedger(chuoWardPolicy);

  beforeAll(async () => {
    for (const who of [sachiko, taroAtWard]) {
      await ledger.handle(who, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
      await ledger.handle(who, legacyCard(`card-${who.personId}`, '2024-08-01', '2026-07-31'), byInsurerSystem(ward));
      await ledger.handle(
        who,
        { type: 'RegisterCard', data: { registeredOn: on('2024-10-15'), channel: 'card-reader' } },
        byInsurerSystem(ward),
      );
    }
    await ledger.handle(sachiko, cancellationRequest('2025-01-10'), clerk);
    await ledger.handle(sachiko, { type: 'CancelRegistration', data: { effectiveOn: on('2025-02-28') } }, clerk);
    await ledger.handle(taroAtWard, cancellationRequest('2025-02-14'), clerk);
    await ledger.handle(
      taroAtWard,
      { type: 'LoseQualification', data: { lostOn: on('2025-04-01'), reason: 'other-insurance' } },
      clerk,
    );
  });
  afterAll(() => ledger.close());

  it('R21: while the card is valid no certificate is issued at once; it is owed at the bulk renewal', async () => {
    expect(await ledger.refusal(sachiko, cancellationCertificate('cert-S', '2025-02-28'), clerk)).toMatchObject({
      code: 'CERTIFICATE_DEFERRED_TO_BULK_RENEWAL',
      rule: 'R21',
    });
    expect(ledger.qualificationOn(sachiko, '2025-02-28')).toMatchObject({ registration: 'cancelled' });
    expect(ledger.documentStateOn(sachiko, 'card-SACHIKO', '2025-06-30')).toBe('valid');
    expect(ledger.certificatesDue(ward, '2025-06-30')).toEqual([]);
    expect(ledger.certificatesDue(ward, '2025-07-01')).toEqual([
      {
        personId: 'SACHIKO',
        documentType: 'eligibility-certificate',
        occasion: 'cancellation',
        rule: 'R21',
        dueOn: '2025-07-01',
        deferred: true,
      },
    ]);
    // Pending issuance while deferred (§6.2), due at the renewal; the worklist lists it from then.
    expect(ledger.documentsOn(sachiko, '2025-03-01').pending).toEqual([
      expect.objectContaining({ rule: 'R21', deferred: true, dueOn: '2025-07-01', state: 'pending-issuance' }),
    ]);
    expect(ledger.documentsOn(sachiko, '2025-06-30').pending).toEqual(
      ledger.documentsOn(sachiko, '2025-03-01').pending,
    );
    expect(ledger.documentsOn(sachiko, '2025-07-01').pending).toEqual([
      expect.objectContaining({ rule: 'R21', deferred: true, state: 'pending-issuance' }),
    ]);
  });

  it('R21, R26: the certificate sent at the bulk renewal ends the obligation', async () => {
    await ledger.handle(sachiko, cancellationCertificate('cert-S', '2025-07-01'), byInsurerSystem(ward));
    expect(ledger.documentsOn(sachiko, '2025-07-01')).toEqual({
      documents: [
        expect.objectContaining({ documentId: 'card-SACHIKO', state: 'valid', validUntil: '2025-09-30' }),
        expect.objectContaining({ documentId: 'cert-S', state: 'valid', validUntil: '2026-07-31' }),
      ],
      pending: [],
    });
    expect(ledger.certificatesDue(ward, '2025-07-01')).toEqual([]);
  });

  it('R37: the old insurer cannot complete a cancellation once the person has left', async () => {
    expect(
      await ledger.refusal(taroAtWard, { type: 'CancelRegistration', data: { effectiveOn: on('2025-04-14') } }, clerk),
    ).toMatchObject({ code: 'CANCELLATION_MOVED_TO_NEW_INSURER', rule: 'R37' });
    expect(ledger.qualificationOn(taroAtWard, '2025-03-31')).toMatchObject({
      covered: true,
      registration: 'cancellation-pending',
    });
    expect(ledger.qualificationOn(taroAtWard, '2025-04-01')).toMatchObject({ covered: false });
    expect(ledger.documentStateOn(taroAtWard, 'card-TARO', '2025-04-01')).toBe('revoked');
    expect(ledger.certificatesDue(ward, '2025-04-01')).toEqual([]);
  });

  it('R37: the new insurer is told of the pending cancellation and owes the certificate from enrolment', async () => {
    await ledger.handle(
      taroAtSociety,
      enrolment(society, {
        acquiredOn: '2025-04-01',
        birthDate: '1968-03-03',
        number: '88' as never,
        carriedRegistration: 'cancellation-pending',
      }),
      byInsurerSystem(society),
    );
    expect(ledger.qualificationOn(taroAtSociety, '2025-03-31')).toMatchObject({ covered: false });
    expect(ledger.qualificationOn(taroAtSociety, '2025-04-01')).toMatchObject({
      covered: true,
      insurerNumber: '06050116',
      registration: 'cancellation-pending',
    });
    expect(ledger.certificatesDue(society, '2025-03-31')).toEqual([]);
    expect(ledger.certificatesDue(society, '2025-04-01')).toEqual([
      expect.objectContaining({ personId: 'TARO', rule: 'R37', dueOn: '2025-04-01' }),
    ]);
  });
});
