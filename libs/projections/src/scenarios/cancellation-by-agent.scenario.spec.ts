import { defaultPolicy, type InsuredPersonCommand } from '@ledger/domain';
import { atCounter, byInsurerSystem, enrolment, insurer, issue, on, person, ScenarioLedger } from './scenario.test-kit';

/**
 * Seed 004 (Gamagori NHI): a registered member may have the registration cancelled; "代理人(別世帯の方)
 * が申請する場合 - 窓口に来る方の本人確認書類 - 委任状" and "※別世帯の方が申請した場合は、後日、資格確認書を
 * 世帯主宛に郵送します"; the cancellation shows "1か月から2か月程度" later; "利用登録の解除を申請した方には、
 * 資格確認書を交付します"; "健康保険証の利用登録を解除した後も、再度利用登録の手続きを行うことは可能です".
 * Seed 001 adds "委任状の提出があっても資格確認書の即日交付はできません". So: Kazuko, who moved to the city
 * after the cutover (no paper card), has her daughter from another household cancel the registration.
 */
const city = insurer('232140');
const kazuko = person(city, 'KAZUKO');
const clerk = atCounter(city);
const daughter = atCounter(city, { onBehalfOf: 'KAZUKO' });

const request = (data: { identityDocumentChecked: boolean; powerOfAttorney: boolean }): InsuredPersonCommand => ({
  type: 'RequestRegistrationCancellation',
  data: { requestedOn: on('2025-02-03'), applicant: 'agent', ...data },
});
const certificate = (documentId: string, issuedOn: string, delivery: 'counter' | 'mail-to-head-of-household') =>
  issue(documentId, {
    documentType: 'eligibility-certificate',
    issuedOn,
    validUntil: '2026-07-31',
    delivery,
    occasion: 'cancellation',
    applicant: 'agent',
  });

describe('cancellation by an agent from another household (seeds 001, 004)', () => {
  const ledger = new ScenarioLedger(defaultPolicy);

  beforeAll(async () => {
    await ledger.handle(
      kazuko,
      enrolment(city, { acquiredOn: '2025-01-06', birthDate: '1948-09-09', burdenRatio: 20 }),
      byInsurerSystem(city),
    );
    // A new acquisition brings the qualification notice (seed 001, R28).
    await ledger.handle(
      kazuko,
      issue('notice-1', {
        documentType: 'qualification-notice',
        issuedOn: '2025-01-06',
        delivery: 'mail-to-person',
        occasion: 'acquisition',
      }),
      byInsurerSystem(city),
    );
    await ledger.handle(
      kazuko,
      { type: 'RegisterCard', data: { registeredOn: on('2025-01-20'), channel: 'card-reader' } },
      byInsurerSystem(city),
    );
  });
  afterAll(() => ledger.close());

  it('R34: an agent without a power of attorney, or without an identity document, is refused and nothing is written', async () => {
    expect(
      await ledger.refusal(kazuko, request({ identityDocumentChecked: true, powerOfAttorney: false }), daughter),
    ).toMatchObject({ code: 'POWER_OF_ATTORNEY_MISSING', rule: 'R34' });
    expect(
      await ledger.refusal(kazuko, request({ identityDocumentChecked: false, powerOfAttorney: true }), daughter),
    ).toMatchObject({ code: 'IDENTITY_NOT_CHECKED', rule: 'R34' });
    expect(ledger.auditTrail(kazuko)).toHaveLength(3);
    expect(ledger.qualificationOn(kazuko, '2025-02-03')).toMatchObject({ registration: 'registered' });
  });

  it('R34, R40: the accepted request is recorded with applicant, identity check, power of attorney and on whose behalf', async () => {
    await ledger.handle(kazuko, request({ identityDocumentChecked: true, powerOfAttorney: true }), daughter);
    expect(ledger.auditTrail(kazuko).at(-1)).toMatchObject({
      type: 'RegistrationCancellationRequested',
      insurerNumber: '232140',
      personId: 'KAZUKO',
      effectiveOn: '2025-02-03',
      channel: 'counter',
      applicant: 'agent',
      identityChecked: true,
      powerOfAttorney: true,
      onBehalfOf: 'KAZUKO',
    });
    expect(ledger.auditTrail(kazuko).at(-1)!.actor).toEqual({
      role: 'insurer-clerk',
      keyId: 'clerk-232140',
      insurerNumber: '232140',
    });
  });

  it('R35: the cancellation takes effect one to two months after the request, and counts as active until then', async () => {
    const cancel = (effectiveOn: string): InsuredPersonCommand => ({
      type: 'CancelRegistration',
      data: { effectiveOn: on(effectiveOn) },
    });
    for (const tooEarlyOrLate of ['2025-03-02', '2025-04-04']) {
      expect(await ledger.refusal(kazuko, cancel(tooEarlyOrLate), clerk)).toMatchObject({
        code: 'CANCELLATION_OUTSIDE_DELAY',
        rule: 'R35',
      });
    }
    await ledger.handle(kazuko, cancel('2025-03-31'), byInsurerSystem(city));
    expect(ledger.qualificationOn(kazuko, '2025-02-02')).toMatchObject({ registration: 'registered' });
    expect(ledger.qualificationOn(kazuko, '2025-02-03')).toMatchObject({ registration: 'cancellation-pending' });
    expect(ledger.qualificationOn(kazuko, '2025-03-30')).toMatchObject({ registration: 'cancellation-pending' });
    expect(ledger.qualificationOn(kazuko, '2025-03-31')).toMatchObject({ covered: true, registration: 'cancelled' });
  });

  it('R21: without a paper card the certificate is owed from the day the cancellation takes effect', () => {
    expect(ledger.certificatesDue(city, '2025-03-30')).toEqual([]);
    expect(ledger.certificatesDue(city, '2025-03-31')).toEqual([
      {
        personId: 'KAZUKO',
        documentType: 'eligibility-certificate',
        occasion: 'cancellation',
        rule: 'R21',
        dueOn: '2025-03-31',
      },
    ]);
    expect(ledger.documentsOn(kazuko, '2025-03-31').pending).toEqual([
      expect.objectContaining({ rule: 'R21', state: 'pending-issuance', dueOn: '2025-03-31' }),
    ]);
  });

  it('R25: it is not handed over at the counter but mailed to the head of household later', async () => {
    expect(await ledger.refusal(kazuko, certificate('cert-1', '2025-03-31', 'counter'), daughter)).toMatchObject({
      code: 'AGENT_MUST_RECEIVE_BY_MAIL_TO_HEAD',
      rule: 'R25',
    });
    await ledger.handle(kazuko, certificate('cert-1', '2025-04-02', 'mail-to-head-of-household'), clerk);
    expect(ledger.documentsOn(kazuko, '2025-04-01')).toMatchObject({
      documents: [{ documentId: 'notice-1' }],
      pending: [{ rule: 'R21' }],
    });
    expect(ledger.documentsOn(kazuko, '2025-04-02')).toEqual({
      documents: [
        expect.objectContaining({ documentId: 'notice-1', state: 'valid' }),
        expect.objectContaining({
          documentId: 'cert-1',
          state: 'valid',
          delivery: 'mail-to-head-of-household',
          validUntil: '2026-07-31',
        }),
      ],
      pending: [],
    });
    expect(ledger.certificatesDue(city, '2025-04-02')).toEqual([]);
  });

  it('R36, R27: she may register again, and the certificate ends the day the card works again', async () => {
    await ledger.handle(
      kazuko,
      { type: 'RegisterCard', data: { registeredOn: on('2025-10-01'), channel: 'portal' } },
      byInsurerSystem(city),
    );
    expect(ledger.qualificationOn(kazuko, '2025-09-30')).toMatchObject({ registration: 'cancelled' });
    expect(ledger.qualificationOn(kazuko, '2025-10-01')).toMatchObject({ registration: 'registered' });
    expect(ledger.documentStateOn(kazuko, 'cert-1', '2025-09-30')).toBe('valid');
    expect(ledger.documentsOn(kazuko, '2025-10-01').documents).toEqual([
      expect.objectContaining({ documentId: 'notice-1', state: 'valid' }),
      expect.objectContaining({ documentId: 'cert-1', state: 'revoked', endedBecause: 'card-working' }),
    ]);
    expect(ledger.auditTrail(kazuko).map((row) => row.type)).toEqual([
      'QualificationAcquired',
      'DocumentIssued',
      'CardRegistered',
      'RegistrationCancellationRequested',
      'RegistrationCancelled',
      'DocumentIssued',
      'CardRegistered',
      'DocumentRevoked',
    ]);
  });
});
