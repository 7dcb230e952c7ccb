import {
  calendarDate,
  type CalendarDate,
  defaultPolicy,
  event,
  foldEvents,
  type InsuredPersonEvent,
} from '@ledger/domain';
import { documentsOn, documentStateOn } from './documents-view';

const on = (literal: string): CalendarDate => calendarDate(literal);
const acquired = event('QualificationAcquired', {
  insurerNumber: '123455' as never,
  number: 'N1' as never,
  relationship: 'insured',
  acquiredOn: on('2020-04-01'),
  burdenRatio: 30,
  birthDate: on('1980-05-10'),
  name: '山田 太郎',
});
const issued = (
  documentId: string,
  documentType: 'legacy-card' | 'eligibility-certificate',
  issuedOn: string,
  validFrom: string,
  validUntil: string,
) =>
  event('DocumentIssued', {
    documentId: documentId as never,
    documentType,
    issuedOn: on(issuedOn),
    validFrom: on(validFrom),
    validUntil: on(validUntil),
    delivery: 'mail-to-person',
    occasion: 'renewal',
  });

describe('documents read model: states on a date', () => {
  const history: InsuredPersonEvent[] = [
    acquired,
    issued('card-1', 'legacy-card', '2023-07-20', '2023-08-01', '2026-07-31'),
    event('DocumentDelivered', { documentId: 'card-1' as never, deliveredOn: on('2023-07-25') }),
    issued('cert-1', 'eligibility-certificate', '2025-11-20', '2025-12-02', '2026-07-31'),
    issued('cert-2', 'eligibility-certificate', '2026-03-01', '2026-03-01', '2027-02-28'),
    event('DocumentRevoked', { documentId: 'cert-1' as never, revokedOn: on('2026-03-01'), reason: 'superseded' }),
  ];
  const state = foldEvents(history);
  const stateOf = (id: string, day: string) =>
    documentStateOn(state, state.documents.get(id as never)!, on(day), defaultPolicy);

  it('walks a legacy card through issued, delivered, valid and expired at the R11 cap', () => {
    expect(stateOf('card-1', '2023-07-19')).toBeUndefined();
    expect(stateOf('card-1', '2023-07-20')).toBe('issued');
    expect(stateOf('card-1', '2023-07-25')).toBe('delivered');
    expect(stateOf('card-1', '2023-08-01')).toBe('valid');
    expect(stateOf('card-1', '2025-12-01')).toBe('valid');
    expect(stateOf('card-1', '2025-12-02')).toBe('expired');
  });

  it('R26: a superseded certificate shows as superseded from that day, and the new one as valid', () => {
    expect(stateOf('cert-1', '2026-02-28')).toBe('valid');
    expect(stateOf('cert-1', '2026-03-01')).toBe('superseded');
    expect(documentsOn(state, on('2026-03-01'), defaultPolicy).documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ documentId: 'cert-1', state: 'superseded', endedBecause: 'superseded' }),
        expect.objectContaining({ documentId: 'cert-2', state: 'valid', validUntil: '2027-02-28' }),
      ]),
    );
  });

  it('R42: a renewal issued before the old certificate ends leaves it valid, with no reason to end, until the renewal starts', () => {
    const renewed = foldEvents([
      acquired,
      issued('cert-old', 'eligibility-certificate', '2025-01-10', '2025-01-10', '2026-01-09'),
      issued('cert-new', 'eligibility-certificate', '2025-07-15', '2025-08-01', '2026-07-31'),
      event('DocumentRevoked', { documentId: 'cert-old' as never, revokedOn: on('2025-08-01'), reason: 'superseded' }),
    ]);
    const [old] = documentsOn(renewed, on('2025-07-20'), defaultPolicy).documents;
    expect(old).toMatchObject({ documentId: 'cert-old', state: 'valid' });
    expect(old).not.toHaveProperty('endedBecause');
  });

  it('R20: shows the certificate due when the legacy card stopped as pending issuance until one is issued', () => {
    const withoutCertificates = foldEvents(history.slice(0, 3));
    expect(documentsOn(withoutCertificates, on('2025-12-02'), defaultPolicy).pending).toEqual([
      expect.objectContaining({
        state: 'pending-issuance',
        documentType: 'eligibility-certificate',
        rule: 'R20',
        dueOn: '2025-12-02',
      }),
    ]);
    expect(documentsOn(state, on('2025-12-02'), defaultPolicy).pending).toEqual([]);
  });
});
