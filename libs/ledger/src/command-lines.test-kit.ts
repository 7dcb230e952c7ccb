/** An enrolment of person P-1 (insurer 123455) as a batch line, for specs of the ledger and its import. */
export const enrolmentLine = (key: string, overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({
    command: 'enrolment',
    insurerNumber: '123455',
    personId: 'P-1',
    idempotencyKey: key,
    number: '1234567',
    relationship: 'insured',
    acquiredOn: '2024-04-01',
    burdenRatio: 30,
    birthDate: '1980-05-10',
    name: '山田 太郎',
    ...overrides,
  });
