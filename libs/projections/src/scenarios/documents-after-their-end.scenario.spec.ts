import { type InsuredPersonCommand, defaultPolicy, type LedgerPolicy } from '@ledger/domain';
import {
  atCounter,
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

const ward = insurer('131029');
const clerk = atCounter(ward);
const sys = byInsurerSystem(ward);
const cancellationRequest = (requestedOn: string): InsuredPersonCommand => ({
  type: 'RequestRegistrationCancellation',
  data: { requestedOn: on(requestedOn), applicant: 'self', identityDocumentChecked: true, powerOfAttorney: false },
});
const cert = (
  id: string,
  issuedOn: string,
  validUntil: string,
  validFrom?: string,
  occasion: 'acquisition' | 'renewal' = 'acquisition',
) =>
  issue(id, {
    documentType: 'eligibility-certificate',
    issuedOn,
    validUntil,
    delivery: 'mail-to-person',
    occasion,
    ...(validFrom && { validFrom }),
  });

/** Unregistered NHI member: card until 2025-07-31, certificate from 2025-08-01 to 2026-07-31. */
async function unregisteredWithCertificate(ledger: ScenarioLedger, id: string) {
  const p = person(ward, id);
  await ledger.handle(p, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
  await ledger.handle(p, legacyCard(`card-${id}`, '2024-08-01', '2025-07-31'), sys);
  await ledger.handle(p, cert(`cert-${id}`, '2025-07-25', '2026-07-31', '2025-08-01'), sys);
  return p;
}

/** What the documents view and the worklists answer once a document has ended, and for R21 deferrals (DOMAIN.md §6.2). */
describe('documents after their end, and deferrals', () => {
  const ledgers: ScenarioLedger[] = [];
  const opened = (policy: LedgerPolicy) => ledgers[ledgers.push(new ScenarioLedger(policy)) - 1]!;
  afterEach(async () => {
    await Promise.all(ledgers.splice(0).map((ledger) => ledger.close()));
  });

  it('R20, R24, R42: a certificate lost is owed again from the day of the loss report, not from the first obligation', async () => {
    const ledger = opened(defaultPolicy);
    const p = await unregisteredWithCertificate(ledger, 'F1');
    await ledger.handle(
      p,
      { type: 'ReportDocumentLost', data: { documentId: doc('cert-F1'), reportedOn: on('2026-03-10') } },
      clerk,
    );
    expect(ledger.documentStateOn(p, 'cert-F1', '2026-03-09')).toBe('valid');
    expect(ledger.certificatesDue(ward, '2026-03-10')).toEqual([
      expect.objectContaining({ personId: 'F1', dueOn: '2026-03-10' }),
    ]);
  });

  it('R20, R42: a certificate revoked is owed again from the revocation, not from the expiry of an older one', async () => {
    const ledger = opened(defaultPolicy);
    const p = await unregisteredWithCertificate(ledger, 'F1B');
    await ledger.handle(p, cert('cert-2', '2026-08-01', '2027-07-31', undefined, 'renewal'), sys);
    await ledger.handle(
      p,
      { type: 'ChangeQualificationDetails', data: { effectiveOn: on('2026-10-01'), address: '蒲郡市旭町17番1号' } },
      clerk,
    );
    await ledger.handle(
      p,
      {
        type: 'RevokeDocument',
        data: { documentId: doc('cert-2'), revokedOn: on('2026-10-01'), reason: 'details-changed' },
      },
      clerk,
    );
    expect(ledger.documentStateOn(p, 'cert-2', '2026-09-30')).toBe('valid');
    expect(ledger.documentsOn(p, '2026-10-01').pending).toEqual([expect.objectContaining({ dueOn: '2026-10-01' })]);
  });

  it('R21: a cancellation before the cutover, with a valid legacy card, is deferred to the first bulk renewal after the cutover', async () => {
    const ledger = opened(chuoWardPolicy); // bulk renewal 07-01, NHI cap 2025-09-30
    const p = person(ward, 'F2');
    await ledger.handle(p, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(p, legacyCard('card-F2', '2023-08-01', '2025-07-31'), sys);
    await ledger.handle(p, { type: 'RegisterCard', data: { registeredOn: on('2023-06-15'), channel: 'portal' } }, sys);
    await ledger.handle(p, cancellationRequest('2024-05-10'), clerk);
    await ledger.handle(p, { type: 'CancelRegistration', data: { effectiveOn: on('2024-06-28') } }, clerk);
    expect(ledger.documentStateOn(p, 'card-F2', '2024-12-02')).toBe('valid');
    expect(ledger.certificatesDue(ward, '2024-12-02')).toEqual([]);
    expect(ledger.certificatesDue(ward, '2025-07-01')).toEqual([
      expect.objectContaining({ rule: 'R21', dueOn: '2025-07-01' }),
    ]);
  });

  it('R11, R12: a legacy card a reissue replaced lapses for no one: only the new card is in the lapsing worklist', async () => {
    const ledger = opened(chuoWardPolicy);
    const p = person(ward, 'F3');
    await ledger.handle(p, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(p, legacyCard('card-old', '2023-08-01', '2025-07-31'), sys);
    await ledger.handle(p, legacyCard('card-new', '2024-08-01', '2026-07-31'), sys);
    expect(ledger.legacyCardsLapsing(ward, '2024-01-01', '2025-12-31')).toEqual([
      { personId: 'F3', documentId: 'card-new', stopsOn: '2025-10-01' },
    ]);
  });

  it('R11: a card that a renewal mailed ahead, or a reissue after a loss report, follows on its last day lapses for no one', async () => {
    const ledger = opened(chuoWardPolicy);
    const renewed = person(ward, 'F3R');
    await ledger.handle(renewed, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(renewed, legacyCard('card-2023', '2023-08-01', '2024-07-31'), sys);
    const mailedAhead = issue('card-2024', {
      documentType: 'legacy-card',
      issuedOn: '2024-07-20',
      validFrom: '2024-08-01',
      validUntil: '2025-07-31',
      delivery: 'mail-to-head-of-household',
      occasion: 'renewal',
    });
    await ledger.handle(renewed, mailedAhead, sys);
    const lost = person(ward, 'F3L');
    await ledger.handle(lost, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(lost, legacyCard('card-a', '2023-08-01', '2025-07-31'), sys);
    await ledger.handle(
      lost,
      { type: 'ReportDocumentLost', data: { documentId: doc('card-a'), reportedOn: on('2024-10-01') } },
      clerk,
    );
    await ledger.handle(lost, legacyCard('card-b', '2024-10-01', '2025-07-31'), sys);
    expect(ledger.legacyCardsLapsing(ward, '2024-04-01', '2025-12-31')).toEqual([
      { personId: 'F3L', documentId: 'card-b', stopsOn: '2025-08-01' },
      { personId: 'F3R', documentId: 'card-2024', stopsOn: '2025-08-01' },
    ]);
  });

  it('R11, R26: a document that ran out stays expired when a return or a loss report is recorded after it', async () => {
    const ledger = opened(defaultPolicy);
    const p = await unregisteredWithCertificate(ledger, 'F4');
    await ledger.handle(
      p,
      { type: 'ReturnDocument', data: { documentId: doc('card-F4'), returnedOn: on('2025-09-10') } },
      clerk,
    );
    await ledger.handle(
      p,
      { type: 'ReportDocumentLost', data: { documentId: doc('cert-F4'), reportedOn: on('2026-09-10') } },
      clerk,
    );
    const states = {
      card: [ledger.documentStateOn(p, 'card-F4', '2025-08-01'), ledger.documentStateOn(p, 'card-F4', '2025-09-10')],
      cert: [ledger.documentStateOn(p, 'cert-F4', '2026-08-01'), ledger.documentStateOn(p, 'cert-F4', '2026-09-10')],
    };
    expect(states).toEqual({ card: ['expired', 'expired'], cert: ['expired', 'expired'] });
  });

  it('R24: a certificate reported lost and handed back later keeps its state, and shows both days from each on', async () => {
    const ledger = opened(defaultPolicy);
    const p = await unregisteredWithCertificate(ledger, 'F5');
    await ledger.handle(
      p,
      { type: 'DeliverDocument', data: { documentId: doc('cert-F5'), deliveredOn: on('2025-07-28') } },
      sys,
    );
    await ledger.handle(
      p,
      { type: 'ReportDocumentLost', data: { documentId: doc('cert-F5'), reportedOn: on('2025-10-01') } },
      clerk,
    );
    await ledger.handle(
      p,
      { type: 'ReturnDocument', data: { documentId: doc('cert-F5'), returnedOn: on('2025-11-04') } },
      clerk,
    );
    const certificateOn = (date: string) =>
      ledger.documentsOn(p, date).documents.find(({ documentId }) => documentId === 'cert-F5');
    expect(certificateOn('2025-08-01')).toMatchObject({ state: 'valid', deliveredOn: '2025-07-28' });
    expect(certificateOn('2025-08-01')).not.toHaveProperty('reportedLostOn');
    expect(certificateOn('2025-10-15')).toMatchObject({ state: 'reported-lost', reportedLostOn: '2025-10-01' });
    expect(certificateOn('2025-10-15')).not.toHaveProperty('returnedOn');
    expect(certificateOn('2025-11-04')).toMatchObject({
      state: 'reported-lost',
      deliveredOn: '2025-07-28',
      reportedLostOn: '2025-10-01',
      returnedOn: '2025-11-04',
    });
  });

  it('R21: a deferred certificate is pending issuance from the cancellation, due at the bulk renewal', async () => {
    const ledger = opened(chuoWardPolicy);
    const p = person(ward, 'F5');
    await ledger.handle(p, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(p, legacyCard('card-F5', '2024-08-01', '2026-07-31'), sys);
    await ledger.handle(p, { type: 'RegisterCard', data: { registeredOn: on('2024-10-15'), channel: 'portal' } }, sys);
    await ledger.handle(p, cancellationRequest('2025-01-10'), clerk);
    await ledger.handle(p, { type: 'CancelRegistration', data: { effectiveOn: on('2025-02-28') } }, clerk);
    expect(ledger.qualificationOn(p, '2025-03-01')).toMatchObject({ registration: 'cancelled' });
    expect(ledger.documentsOn(p, '2025-03-01').pending).toEqual([
      expect.objectContaining({ state: 'pending-issuance', rule: 'R21', deferred: true, dueOn: '2025-07-01' }),
    ]);
  });

  it('R21, R20: before the cutover no certificate is pending, deferred or not', async () => {
    const ledger = opened(chuoWardPolicy);
    const p = person(ward, 'PRECUT');
    await ledger.handle(p, enrolment(ward, { acquiredOn: '2016-04-01', birthDate: '1968-03-03' }), clerk);
    await ledger.handle(p, legacyCard('card-PRECUT', '2023-08-01', '2025-07-31'), sys);
    await ledger.handle(p, { type: 'RegisterCard', data: { registeredOn: on('2024-03-01'), channel: 'portal' } }, sys);
    await ledger.handle(p, cancellationRequest('2024-05-01'), clerk);
    await ledger.handle(p, { type: 'CancelRegistration', data: { effectiveOn: on('2024-06-15') } }, clerk);
    expect(ledger.documentsOn(p, '2024-09-01').pending).toEqual([]);
    expect(ledger.documentsOn(p, '2024-12-02').pending).toEqual([
      expect.objectContaining({ rule: 'R21', deferred: true, dueOn: '2025-07-01' }),
    ]);
  });
});
