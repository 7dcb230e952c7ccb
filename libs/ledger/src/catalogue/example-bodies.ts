import { type CommandName } from './catalogue';

/** What an enrolment reports, as first sent and as a correction sends it again. */
export const exampleEnrolment = {
  symbol: '12',
  number: '1234567',
  branch: '00',
  relationship: 'insured',
  householdId: 'H000123',
  acquiredOn: '2025-04-01',
  burdenRatio: 30,
  birthDate: '1980-05-10',
  name: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  address: '東京都千代田区千代田1-1',
  sex: 'male',
} as const;

/**
 * One example body per command, with every field a body may hold (DOMAIN.md §4 names): the API
 * documents each command with it, and tests start from it. Enrolment, cancellation request,
 * cancellation, certificate and its delivery tell one story, in that order.
 */
export const exampleBodies: Readonly<Record<CommandName, Readonly<Record<string, unknown>>>> = {
  enrolment: { ...exampleEnrolment, carriedRegistration: 'registered' },
  'enrolment-correction': {
    correctedEventId: '0190a5b4-3c1e-5000-8000-00000000e001',
    ...exampleEnrolment,
    birthDate: '1980-05-01',
  },
  withdrawal: { lostOn: '2026-03-31', reason: 'moved-out' },
  'withdrawal-correction': {
    correctedEventId: '0190a5b4-3c1e-5000-8000-00000000e00c',
    lostOn: '2026-02-28',
    reason: 'moved-out',
  },
  'details-change': {
    effectiveOn: '2025-10-01',
    name: '山田 太郎',
    nameKana: 'ヤマダ タロウ',
    address: '東京都港区芝公園4-2-8',
    householdId: 'H000124',
    burdenRatio: 30,
    symbol: '12',
    number: '1234567',
    branch: '01',
  },
  'card-registration': { registeredOn: '2025-05-12', channel: 'portal' },
  'registration-cancellation-request': {
    requestedOn: '2025-06-02',
    applicant: 'self',
    identityDocumentChecked: true,
    powerOfAttorney: false,
  },
  'registration-cancellation': { effectiveOn: '2025-07-31' },
  'viewing-restriction': { filedOn: '2025-08-01', scope: 'non-disclosure', filedWith: '123455' },
  'viewing-restriction-lift': { liftedOn: '2026-02-01', scope: 'non-disclosure' },
  'care-needs': { recognizedOn: '2025-07-15', category: 'facility' },
  'care-needs-end': { endedOn: '2026-01-31', category: 'facility' },
  documents: {
    documentId: 'doc-2025-0001',
    documentType: 'eligibility-certificate',
    issuedOn: '2025-08-01',
    validFrom: '2025-08-01',
    validUntil: '2026-07-31',
    delivery: 'mail-to-person',
    occasion: 'cancellation',
    applicant: 'self',
  },
  'document-delivery': { deliveredOn: '2025-08-04' },
  'document-return': { returnedOn: '2025-10-15' },
  'document-loss': { reportedOn: '2025-09-01' },
  'document-revocation': { revokedOn: '2025-10-01', reason: 'superseded' },
  'eligibility-check': {
    medicalInstitutionCode: '0110113719',
    confirmationDate: '2025-07-20',
    method: 'card',
    validity: 1,
  },
};

/** What someone trying the examples one after another needs to know: the story's order, and the one example outside it. */
export const exampleNotes: Readonly<Partial<Record<CommandName, string>>> = {
  enrolment:
    'The examples tell one story when sent in this order for one person: enrolment, registration-cancellation-request, registration-cancellation, documents, the document delivery, then the withdrawal.',
  'card-registration':
    'For a person enrolled without `carriedRegistration`: the enrolment example carries a registration over from the previous insurer, and a second registration is refused (R36).',
};
