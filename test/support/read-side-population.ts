import { SqliteEventStore } from '@ledger/event-store';
import { join } from 'node:path';

/** A My Number an insurer system might send along; it must never come back out (DOMAIN.md §3.3). */
export const myNumber = '123456789018';
export const restrictedAddress = '秘匿区 秘密町 1-2-3';
export const openAddress = '千代田区 丸の内 1-1';

/** An enrolment of insurer 123455 as the store holds it. */
export const enrolment = (number: string, branch: string, birthDate: string, extra: Record<string, unknown> = {}) => ({
  type: 'QualificationAcquired',
  data: {
    insurerNumber: '123455',
    symbol: 'A1',
    number,
    branch,
    relationship: 'insured',
    acquiredOn: '2020-04-01',
    burdenRatio: 30,
    birthDate,
    name: `被保険者 ${number}-${branch}`,
    ...extra,
  },
});
const registered = { type: 'CardRegistered', data: { registeredOn: '2024-01-10', channel: 'portal' } };
const check = (validity: number) => ({
  type: 'EligibilityChecked',
  data: { medicalInstitutionCode: '0110113719', confirmationDate: '2025-03-01', method: 'numbers', validity },
  metadata: { actor: { keyId: 'key-seeded', role: 'medical-institution' } },
});

/** Document ids are each insurer's own: two insurers numbered a card the same way. */
const sharedDocument = {
  type: 'DocumentIssued',
  data: {
    documentId: 'DOC-SHARED',
    documentType: 'limit-certificate',
    issuedOn: '2025-04-01',
    validFrom: '2025-04-01',
    delivery: 'counter',
    occasion: 'application',
  },
};

/** Persons for every eligibility answer, a restricted person with an access history, and one of another insurer. */
export const persons: Record<string, readonly { type: string; data: unknown; metadata?: Record<string, unknown> }[]> = {
  'insured-123455-VALID': [
    enrolment('1001', '01', '1980-05-10', { address: openAddress, myNumber }),
    registered,
    {
      type: 'DocumentIssued',
      data: {
        documentId: 'DOC-VALID-1',
        documentType: 'eligibility-certificate',
        issuedOn: '2025-01-10',
        validFrom: '2025-01-10',
        validUntil: '2030-01-09',
        delivery: 'mail-to-person',
        occasion: 'application',
      },
    },
  ],
  'insured-123455-LOST': [
    enrolment('1002', '01', '1970-01-01'),
    { type: 'QualificationLost', data: { lostOn: '2025-01-01', reason: 'moved-out' } },
  ],
  'insured-123455-RENUMBERED': [
    enrolment('1003', '01', '1975-07-07'),
    { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-04-01', number: '1013' } },
  ],
  'insured-123455-TWIN-A': [enrolment('1004', '01', '2010-02-02'), sharedDocument],
  'insured-123455-TWIN-B': [enrolment('1004', '02', '2010-02-02')],
  'insured-123455-RESTRICTED': [
    enrolment('1005', '01', '1985-03-03', { address: restrictedAddress }),
    registered,
    check(1),
    { type: 'ViewingRestrictionFiled', data: { filedOn: '2025-02-01', scope: 'non-disclosure' } },
    { type: 'QualificationDetailsChanged', data: { effectiveOn: '2025-02-01', address: restrictedAddress } },
  ],
  'insured-33120015-OTHER': [
    {
      ...enrolment('2001', '01', '1990-09-09'),
      data: { ...enrolment('2001', '01', '1990-09-09').data, insurerNumber: '33120015' },
    },
    sharedDocument,
  ],
};

/** Writes the population into the data directory's store before the service starts; returns the head position. */
export async function seed(dataDirectory: string): Promise<number> {
  const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db') });
  let head = 0;
  for (const [stream, events] of Object.entries(persons)) {
    head = (await store.append(stream, events, 'no_stream')).position;
  }
  await store.close();
  return head;
}
