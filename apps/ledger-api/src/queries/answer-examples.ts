/** Answers of the query routes as the ledger gave them for a small example ledger: the OpenAPI document's examples. */

const clerk = { insurerNumber: '123455', keyId: 'cfg-4c0ad1081bae', role: 'insurer-clerk' };

export const qualificationExample = {
  personId: 'P0000001',
  on: '2025-06-15',
  covered: true,
  insurerNumber: '123455',
  number: '1234567',
  relationship: 'insured',
  burdenRatio: 30,
  acquiredOn: '2025-04-01',
  registration: 'registered',
  viewingRestriction: false,
  careNeeds: true,
  periods: [
    {
      acquiredOn: '2022-04-01',
      lostOn: '2024-10-01',
      enrolmentEventId: '0190a5b4-3c1e-5000-8000-00000000e00b',
      lossReason: 'moved-out',
      lossEventId: '0190a5b4-3c1e-5000-8000-00000000e00c',
    },
    { acquiredOn: '2025-04-01', enrolmentEventId: '0190a5b4-3c1e-5000-8000-00000000e001' },
  ],
  name: '山田 太郎',
  birthDate: '1980-05-10',
  address: '京都府亀岡市1-1',
};

const certificate = {
  documentId: 'cert-1',
  documentType: 'eligibility-certificate',
  state: 'valid',
  issuedOn: '2025-06-02',
  validFrom: '2025-06-02',
  validUntil: '2026-07-31',
  occasion: 'care-needs',
  delivery: 'mail-to-person',
  deliveredOn: '2025-06-05',
};

export const documentsExample = {
  personId: 'P0000001',
  on: '2025-06-15',
  documents: [certificate],
  pending: [
    {
      documentType: 'qualification-notice',
      occasion: 'acquisition',
      rule: 'R28',
      dueOn: '2025-04-01',
      state: 'pending-issuance',
    },
  ],
};

export const documentExample = { insurerNumber: '123455', personId: 'P0000001', on: '2025-06-15', ...certificate };

export const auditEntryExample = {
  position: 2,
  eventId: '0190a5b4-3c1e-5000-8000-00000000e002',
  stream: 'insured-123455-P0000001',
  insurerNumber: '123455',
  personId: 'P0000001',
  revision: 1,
  type: 'CardRegistered',
  recordedAt: '2025-05-12T01:02:03.447Z',
  effectiveOn: '2025-05-12',
  actor: clerk,
  channel: 'api',
  applicant: null,
  identityChecked: null,
  powerOfAttorney: null,
  onBehalfOf: null,
  medicalInstitutionCode: null,
  validity: null,
  hash: 'a38966290039cd57febccc2f46a2527cd094d71ff8a753dedd977ef4eb8092e3',
};

/** A check that read nobody's record: kept in the clinic's stream, in the insurer's audit trail with no person. */
export const unmatchedCheckAuditEntryExample = {
  ...auditEntryExample,
  position: 9,
  eventId: '0190a5b4-3c1e-5000-8000-00000000e009',
  stream: 'eligibility-checks-0110113719',
  personId: null,
  revision: 0,
  type: 'EligibilityChecked',
  recordedAt: '2025-06-01T00:30:00.120Z',
  effectiveOn: '2025-06-01',
  actor: { keyId: 'key-5d1e0a7c3b9f', role: 'medical-institution' },
  medicalInstitutionCode: '0110113719',
  validity: 4,
  hash: '5be0b0d36c9c0f8b0c34b1d2f1e7a3c9d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2',
};

export const auditTrailExample = { personId: 'P0000001', entries: [auditEntryExample] };

export const certificatesDueExample = {
  insurerNumber: '123455',
  on: '2025-12-02',
  due: [
    {
      documentType: 'eligibility-certificate',
      occasion: 'acquisition',
      rule: 'R20',
      dueOn: '2025-12-02',
      personId: 'P0000002',
    },
  ],
};

export const legacyCardsLapsingExample = {
  insurerNumber: '123455',
  from: '2025-07-01',
  to: '2025-12-31',
  lapsing: [{ personId: 'P0000002', documentId: 'card-9', stopsOn: '2025-12-02' }],
};

export const feedExample = [
  'retry: 1000',
  ': following qualification after 0',
  '',
  'id: 1',
  'event: QualificationAcquired',
  'data: {"position":1,"id":"0190a5b4-3c1e-5000-8000-00000000e001","type":"QualificationAcquired","insurerNumber":"123455","personId":"P0000001","recordedAt":"2025-04-01T00:12:00.000Z","data":{"acquiredOn":"2025-04-01","burdenRatio":30,"insurerNumber":"123455","number":"1234567","relationship":"insured"}}',
  '',
  ': heartbeat',
  '',
].join('\n');
