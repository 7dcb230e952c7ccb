import { type InsurerNumber } from '@ledger/domain';
import { type Principal } from './principal';
import { seesRestrictedData, showsHistoryEntry, viewFor, withoutMyNumber } from './viewing-restriction';

const clerkOf = (insurer: string): Principal => ({
  keyId: 'k1',
  role: 'insurer-clerk',
  insurers: [insurer as InsurerNumber],
});
const auditor: Principal = { keyId: 'k2', role: 'auditor' };
const subscriber: Principal = { keyId: 'k3', role: 'subscriber' };
const clinic: Principal = { keyId: 'k4', role: 'medical-institution' };
const restricted = { insurerNumber: '123455', restricted: true } as const;
const person = {
  name: '山田',
  address: '東京都',
  myNumber: '123456789018',
  nested: [{ address: 'x', my_number: 'y', MyNumber: 'z' }],
};

describe('viewing-restriction filter', () => {
  it('R31: only the clerk of the insurer and auditors see a restricted person’s address', () => {
    expect(seesRestrictedData(clerkOf('123455'), '123455')).toBe(true);
    expect(seesRestrictedData(auditor, '123455')).toBe(true);
    expect(seesRestrictedData(clerkOf('06050116'), '123455')).toBe(false);
    expect(seesRestrictedData(subscriber, '123455')).toBe(false);
    expect(seesRestrictedData(clinic, '123455')).toBe(false);
    expect(viewFor(clerkOf('123455'), restricted, person)).toEqual({
      name: '山田',
      address: '東京都',
      nested: [{ address: 'x' }],
    });
    expect(viewFor(subscriber, restricted, person)).toEqual({ name: '山田', nested: [{}] });
    expect(viewFor(clerkOf('06050116'), restricted, person)).toEqual({ name: '山田', nested: [{}] });
  });

  it('shows an unrestricted person’s address', () => {
    expect(viewFor(subscriber, { insurerNumber: '123455', restricted: false }, person)).toHaveProperty(
      'address',
      '東京都',
    );
  });

  it('My Number never appears, whoever reads, under any spelling of its key, nested too', () => {
    for (const reader of [clerkOf('123455'), auditor, subscriber, clinic]) {
      expect(viewFor(reader, { insurerNumber: '123455', restricted: false }, person)).toEqual({
        name: '山田',
        address: '東京都',
        nested: [{ address: 'x' }],
      });
    }
  });

  it('§3.3: redacts a My Number standing in a name, an address, a household id or the numbers written before they were checked, whoever reads', () => {
    const writtenBeforeTheCheck = {
      name: '山田 123456789018',
      nameKana: 'ヤマダ',
      address: '東京 1234 5678 9018',
      householdId: 'H-123456789018',
      symbol: '１２３４５６７８９０１８',
      number: '123456789018',
      later: [{ name: '123456789018' }],
    };
    for (const reader of [clerkOf('123455'), auditor, subscriber, clinic]) {
      expect(viewFor(reader, { insurerNumber: '123455', restricted: false }, writtenBeforeTheCheck)).toEqual({
        name: '山田 [redacted]',
        nameKana: 'ヤマダ',
        address: '東京 [redacted]',
        householdId: 'H-[redacted]',
        symbol: '[redacted]',
        number: '[redacted]',
        later: [{ name: '[redacted]' }],
      });
    }
  });

  it('redacts a person id, a document id or a person’s stream stored as a My Number, whoever reads', () => {
    const storedBeforeIdsWereChecked = {
      personId: '123456789018',
      entries: [{ stream: 'insured-123455-123456789018', documentId: '123456789018', personId: 'P-123456789018' }],
    };
    for (const reader of [clerkOf('123455'), auditor, subscriber, clinic]) {
      for (const restriction of [true, false]) {
        expect(
          viewFor(reader, { insurerNumber: '123455', restricted: restriction }, storedBeforeIdsWereChecked),
        ).toEqual({
          personId: '[redacted]',
          entries: [{ stream: 'insured-123455-[redacted]', documentId: '[redacted]', personId: 'P-123456789018' }],
        });
      }
    }
  });

  it('§3.3: redacts the event ids of a person whose id is a My Number, derived from it (ADR 0005), at any depth', () => {
    const id = '0190a5b4-3c1e-5000-8000-000000000001';
    const item = (personId: string) => ({
      id,
      personId,
      data: { correctedEventId: id, periods: [{ enrolmentEventId: id, lossEventId: id }] },
      entries: [{ eventId: id }],
    });
    expect(withoutMyNumber(item('123456789018'))).toEqual({
      id: '[redacted]',
      personId: '[redacted]',
      data: {
        correctedEventId: '[redacted]',
        periods: [{ enrolmentEventId: '[redacted]', lossEventId: '[redacted]' }],
      },
      entries: [{ eventId: '[redacted]' }],
    });
    expect(withoutMyNumber(item('P-1'))).toEqual(item('P-1'));
    expect(withoutMyNumber({ stream: 'insured-123455-123456789018', eventId: id })).toEqual({
      stream: 'insured-123455-[redacted]',
      eventId: '[redacted]',
    });
  });

  it('shows ids of twelve digits that fail the My Number check as they are', () => {
    const twelveDigits = { personId: '123456789012', stream: 'insured-06050116-123456789012', number: '123456789012' };
    expect(viewFor(auditor, { insurerNumber: '06050116', restricted: false }, twelveDigits)).toEqual(twelveDigits);
  });

  it('R31: the access history of a restricted person is hidden from readers who may not see it', () => {
    const check = { type: 'EligibilityChecked' };
    const lookup = { type: 'PersonLookedUp' };
    const enrolment = { type: 'QualificationAcquired' };
    expect(showsHistoryEntry(subscriber, restricted, check)).toBe(false);
    expect(showsHistoryEntry(subscriber, restricted, lookup)).toBe(false);
    expect(showsHistoryEntry(subscriber, restricted, enrolment)).toBe(true);
    expect(showsHistoryEntry(auditor, restricted, check)).toBe(true);
    expect(showsHistoryEntry(clerkOf('123455'), restricted, lookup)).toBe(true);
    expect(showsHistoryEntry(subscriber, { insurerNumber: '123455', restricted: false }, check)).toBe(true);
  });
});
