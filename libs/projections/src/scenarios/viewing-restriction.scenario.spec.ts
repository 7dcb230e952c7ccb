import { defaultPolicy, type InsuredPersonCommand } from '@ledger/domain';
import {
  atCounter,
  byInsurerSystem,
  clinicCode,
  enrolment,
  insurer,
  issue,
  on,
  person,
  ScenarioLedger,
} from './scenario.test-kit';

/**
 * Seed 004 (Gamagori NHI): "加入している健康保険の保険者にご自身の情報が開示されないように届出(閲覧制限の届出)を
 * してください。閲覧制限の届出をした場合、マイナンバーカードの健康保険証利用やマイナポータルでの閲覧はできません",
 * "...支援措置を受けた場合でも、別途、市役所保険年金課の窓口で届出をしていただく必要があります" and "閲覧制限の
 * 届出によりマイナ保険証の利用ができない方には、「資格確認書」が交付されます". So: Yuki, who fled to the city
 * in January 2025 and had filed a restriction with her husband's company plan, must file it again here.
 */
const city = insurer('232140');
const formerPlan = insurer('06050116');
const yuki = person(city, 'YUKI');
const herself = atCounter(city, { applicant: 'self', identityChecked: true, onBehalfOf: 'YUKI' });

const filing = (filedOn: string, filedWith = city): InsuredPersonCommand => ({
  type: 'FileViewingRestriction',
  data: { filedOn: on(filedOn), scope: 'non-disclosure', filedWith },
});
const restrictionCertificate = (documentId: string, issuedOn: string) =>
  issue(documentId, {
    documentType: 'eligibility-certificate',
    issuedOn,
    validUntil: '2026-07-31',
    delivery: 'counter',
    occasion: 'restriction',
  });

describe('viewing restriction (seed 004)', () => {
  const ledger = new ScenarioLedger(defaultPolicy);

  beforeAll(async () => {
    await ledger.handle(
      yuki,
      enrolment(city, { acquiredOn: '2025-01-15', birthDate: '1991-05-05' }),
      byInsurerSystem(city),
    );
    await ledger.handle(
      yuki,
      issue('notice-1', {
        documentType: 'qualification-notice',
        issuedOn: '2025-01-15',
        delivery: 'mail-to-person',
        occasion: 'acquisition',
      }),
      byInsurerSystem(city),
    );
    await ledger.handle(
      yuki,
      { type: 'RegisterCard', data: { registeredOn: on('2025-01-20'), channel: 'portal' } },
      byInsurerSystem(city),
    );
  });
  afterAll(() => ledger.close());

  it('R32: a restriction filed with another insurer does not carry over; nothing is written', async () => {
    expect(await ledger.refusal(yuki, filing('2025-02-03', formerPlan), herself)).toMatchObject({
      code: 'RESTRICTION_FILED_ELSEWHERE',
      rule: 'R32',
    });
    expect(ledger.qualificationOn(yuki, '2025-02-03')).toMatchObject({ viewingRestriction: false });
    expect(ledger.certificatesDue(city, '2025-02-03')).toEqual([]);
  });

  it('R30: filed with the insurer, it holds from the day of filing; the registration itself stays', async () => {
    await ledger.handle(yuki, filing('2025-02-03'), herself);
    expect(ledger.qualificationOn(yuki, '2025-02-02')).toMatchObject({
      viewingRestriction: false,
      registration: 'registered',
    });
    expect(ledger.qualificationOn(yuki, '2025-02-03')).toMatchObject({
      covered: true,
      viewingRestriction: true,
      registration: 'registered',
    });
    expect(ledger.auditTrail(yuki).at(-1)).toMatchObject({
      type: 'ViewingRestrictionFiled',
      effectiveOn: '2025-02-03',
      channel: 'counter',
      applicant: 'self',
      identityChecked: true,
      onBehalfOf: 'YUKI',
    });
  });

  it('R23: the blocked card is replaced by a certificate, owed from the filing', async () => {
    expect(ledger.certificatesDue(city, '2025-02-02')).toEqual([]);
    expect(ledger.certificatesDue(city, '2025-02-03')).toEqual([
      {
        personId: 'YUKI',
        documentType: 'eligibility-certificate',
        occasion: 'restriction',
        rule: 'R23',
        dueOn: '2025-02-03',
      },
    ]);
    expect(await ledger.refusal(yuki, restrictionCertificate('cert-1', '2025-02-02'), herself)).toMatchObject({
      code: 'NOT_RESTRICTED',
      rule: 'R23',
    });
    await ledger.handle(yuki, restrictionCertificate('cert-1', '2025-02-03'), herself);
    expect(ledger.documentsOn(yuki, '2025-02-03')).toEqual({
      documents: [
        expect.objectContaining({ documentId: 'notice-1', state: 'valid' }),
        expect.objectContaining({ documentId: 'cert-1', state: 'valid', occasion: 'restriction' }),
      ],
      pending: [],
    });
    expect(ledger.certificatesDue(city, '2025-02-03')).toEqual([]);
  });

  it('R23, R33: while the restriction lasts, the certificate is renewed without a new application', () => {
    expect(ledger.certificatesDue(city, '2026-07-31')).toEqual([]);
    expect(ledger.certificatesDue(city, '2026-08-01')).toEqual([
      expect.objectContaining({ personId: 'YUKI', rule: 'R23', occasion: 'renewal', dueOn: '2026-08-01' }),
    ]);
  });

  it('R40: a clinic reading her card is recorded in her audit trail, the restriction notwithstanding', async () => {
    const clinic = { actor: { role: 'medical-institution', keyId: 'clinic-0110113719' }, channel: 'card-reader' };
    await ledger.handle(
      yuki,
      {
        type: 'RecordEligibilityCheck',
        data: {
          medicalInstitutionCode: clinicCode('0110113719'),
          confirmationDate: on('2025-03-10'),
          method: 'card',
          validity: 1,
        },
      },
      clinic,
    );
    expect(ledger.auditTrail(yuki).at(-1)).toMatchObject({
      type: 'EligibilityChecked',
      effectiveOn: '2025-03-10',
      channel: 'card-reader',
    });
    expect(ledger.auditTrail(yuki).at(-1)!.actor).toEqual(clinic.actor);
    expect(ledger.qualificationOn(yuki, '2025-03-10')).toMatchObject({ viewingRestriction: true });
  });

  it('R30: a second filing while one is in force is refused', async () => {
    expect(await ledger.refusal(yuki, filing('2025-06-01'), herself)).toMatchObject({
      code: 'ALREADY_RESTRICTED',
      rule: 'R30',
    });
  });

  it('R30, R42: once lifted, the restriction ends that day and still shows for the dates it held', async () => {
    await ledger.handle(
      yuki,
      { type: 'LiftViewingRestriction', data: { liftedOn: on('2026-03-01'), scope: 'non-disclosure' } },
      herself,
    );
    expect(ledger.qualificationOn(yuki, '2026-03-01')).toMatchObject({ viewingRestriction: false });
    expect(ledger.qualificationOn(yuki, '2026-02-28')).toMatchObject({ viewingRestriction: true });
    expect(ledger.qualificationOn(yuki, '2025-02-03')).toMatchObject({ viewingRestriction: true });
  });
});
