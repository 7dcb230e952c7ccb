import {
  type CalendarDate,
  calendarDate,
  defaultPolicy,
  type InsuredPersonCommand,
  insuredPersonStream,
  type InsurerNumber,
  type LedgerPolicy,
  type Parsed,
  parseDocumentId,
  parseInsurerNumber,
  parseMedicalInstitutionCode,
  parsePersonId,
} from '@ledger/domain';

const valid = <T>(parsed: Parsed<T>): T => {
  if (!parsed.ok) throw new Error(`scenario fixture is invalid: ${parsed.reason}`);
  return parsed.value;
};

export const on = (literal: string): CalendarDate => calendarDate(literal);
export const insurer = (digits: string): InsurerNumber => valid(parseInsurerNumber(digits));
export const doc = (id: string) => valid(parseDocumentId(id));
export const clinicCode = (digits: string) => valid(parseMedicalInstitutionCode(digits));

export interface Person {
  readonly insurerNumber: InsurerNumber;
  readonly personId: string;
}
export const person = (insurerNumber: InsurerNumber, personId: string): Person => ({ insurerNumber, personId });
export const streamOf = ({ insurerNumber, personId }: Person) =>
  insuredPersonStream(insurerNumber, valid(parsePersonId(personId)));

/** Who recorded a fact and how (R40): what the API puts in each event's metadata. */
export type Provenance = Readonly<Record<string, unknown>>;
export const atCounter = (insurerNumber: InsurerNumber, extra: Provenance = {}): Provenance => ({
  actor: { role: 'insurer-clerk', keyId: `clerk-${insurerNumber}`, insurerNumber },
  channel: 'counter',
  ...extra,
});
export const byInsurerSystem = (insurerNumber: InsurerNumber): Provenance => ({
  actor: { role: 'insurer-system', keyId: `batch-${insurerNumber}`, insurerNumber },
  channel: 'batch-interface',
});

type Enrolment = Extract<InsuredPersonCommand, { type: 'AcquireQualification' }>['data'];
type Issue = Extract<InsuredPersonCommand, { type: 'IssueDocument' }>['data'];

export const enrolment = (
  insurerNumber: InsurerNumber,
  data: Partial<Omit<Enrolment, 'acquiredOn' | 'birthDate'>> & { acquiredOn: string; birthDate: string },
): InsuredPersonCommand => ({
  type: 'AcquireQualification',
  data: {
    number: '1234567' as Enrolment['number'],
    relationship: 'insured',
    burdenRatio: 30,
    name: '中央 花子',
    ...data,
    insurerNumber,
    acquiredOn: on(data.acquiredOn),
    birthDate: on(data.birthDate),
  },
});

/** A paper card the insurer issued before the cutover, migrated into the ledger (R10). */
export const legacyCard = (documentId: string, issuedOn: string, validUntil: string): InsuredPersonCommand => ({
  type: 'IssueDocument',
  data: {
    documentId: doc(documentId),
    documentType: 'legacy-card',
    issuedOn: on(issuedOn),
    validFrom: on(issuedOn),
    validUntil: on(validUntil),
    delivery: 'mail-to-head-of-household',
    occasion: 'renewal',
  },
});

export const issue = (
  documentId: string,
  data: Omit<Issue, 'documentId' | 'issuedOn' | 'validFrom' | 'validUntil'> & {
    issuedOn: string;
    validFrom?: string;
    validUntil?: string;
  },
): InsuredPersonCommand => {
  const { issuedOn, validFrom, validUntil, ...rest } = data;
  return {
    type: 'IssueDocument',
    data: {
      ...rest,
      documentId: doc(documentId),
      issuedOn: on(issuedOn),
      validFrom: on(validFrom ?? issuedOn),
      ...(validUntil !== undefined && { validUntil: on(validUntil) }),
    },
  };
};

/**
 * Chuo ward (seed 001): NHI cards last at most until 2025-09-30 and late-elderly ones until
 * 2025-07-31, below the law's 2025-12-01 (seed 003 A6); the bulk renewal is "around July 2025".
 */
export const chuoWardPolicy: LedgerPolicy = {
  ...defaultPolicy,
  legacyCardLastValidDayByScheme: {
    'national-health-insurance': on('2025-09-30'),
    'late-elderly': on('2025-07-31'),
  },
  bulkRenewal: { 'national-health-insurance': { month: 7, day: 1 }, 'late-elderly': { month: 7, day: 1 } },
};
