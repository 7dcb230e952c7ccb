import { defaultPolicy } from './ledger-policy';
import { parsePolicy } from './parse-policy';

describe('an insurer’s policy file (DOMAIN.md §8)', () => {
  it('R11: an insurer sets its scheme’s legacy-card cap; the other schemes keep theirs', () => {
    expect(parsePolicy({ legacyCardLastValidDayByScheme: { 'national-health-insurance': '2025-09-30' } })).toEqual({
      ...defaultPolicy,
      legacyCardLastValidDayByScheme: { 'late-elderly': '2025-07-31', 'national-health-insurance': '2025-09-30' },
    });
  });

  it('R26, R35, R21: sets the certificate validity, the cancellation delay and the bulk renewal', () => {
    const parsed = parsePolicy({
      certificateMaxValidityYears: 3,
      cancellationDelayMonths: { min: 1, max: 1 },
      bulkRenewal: { employee: { month: 10, day: 1 } },
    });
    expect(parsed).toMatchObject({
      certificateMaxValidityYears: 3,
      cancellationDelayMonths: { min: 1, max: 1 },
      bulkRenewal: { ...defaultPolicy.bulkRenewal, employee: { month: 10, day: 1 } },
    });
    expect(parsePolicy({})).toEqual(defaultPolicy);
  });

  it('§8: sets the exception owing every member of a scheme a certificate, or sets none with null', () => {
    expect(parsePolicy({}).certificatesForAllUntil).toEqual({ 'late-elderly': '2026-07-31' });
    expect(parsePolicy({ certificatesForAllUntil: { 'late-elderly': null } }).certificatesForAllUntil).toEqual({});
    expect(
      parsePolicy({ certificatesForAllUntil: { 'national-health-insurance': '2025-11-30' } }).certificatesForAllUntil,
    ).toEqual({ 'late-elderly': '2026-07-31', 'national-health-insurance': '2025-11-30' });
    expect(() => parsePolicy({ certificatesForAllUntil: { 'late-elderly': '2026-02-30' } })).toThrow(
      'certificatesForAllUntil.late-elderly: ',
    );
  });

  it.each([
    [[], 'a policy is a JSON object'],
    [{ legacyCardLastValidDayByScheme: { employee: '2025-13-01' } }, 'legacyCardLastValidDayByScheme.employee: '],
    [
      { legacyCardLastValidDayByScheme: { employee: '2026-03-31' } },
      'legacyCardLastValidDayByScheme.employee: 2026-03-31 is after 2025-12-01, the law',
    ],
    [{ legacyCardLastValidDay: '2027-03-31' }, "legacyCardLastValidDay is the law's (R10, R11), not an insurer's"],
    [{ cutover: '2030-01-01' }, "cutover is the law's (R10, R11), not an insurer's"],
    [{ legacyCardLastValidDayByScheme: { nhi: '2025-09-30' } }, 'legacyCardLastValidDayByScheme: unknown scheme nhi'],
    [{ certificateMaxValidityYears: 6 }, 'certificateMaxValidityYears must be a whole number from 1 to 5'],
    [{ cancellationDelayMonths: { min: 2, max: 1 } }, 'cancellationDelayMonths: min 2 is after max 1'],
    [
      { bulkRenewal: { 'late-elderly': { month: 2, day: 29 } } },
      'bulkRenewal.late-elderly.day must be a whole number from 1 to 28',
    ],
    [{ legacyCardCap: '2025-09-30' }, 'unknown field legacyCardCap'],
    // Names every object has: unknown fields too, not Object's own functions.
    [{ toString: 1 }, 'unknown field toString'],
    [JSON.parse('{"constructor":{"prototype":{"x":1}}}') as unknown, 'unknown field constructor'],
    [JSON.parse('{"__proto__":{}}') as unknown, 'unknown field __proto__'],
  ])('R10, R11, R26, R35: refuses %j, saying why', (raw, reason) => {
    expect(() => parsePolicy(raw)).toThrow(reason);
  });
});
