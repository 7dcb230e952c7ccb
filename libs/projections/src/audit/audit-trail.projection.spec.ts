import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { Projector } from '../projector';
import { auditPagesOfPeriod } from './audit-pages';
import { AuditTrailProjection, auditTrailOf } from './audit-trail.projection';

describe('R40: audit trail read model', () => {
  it('keeps who, how, on whose behalf, when recorded and when effective, per person and per period', async () => {
    let now = new Date('2025-02-10T01:00:00.000Z');
    const store = new SqliteEventStore({ path: ':memory:', clock: () => now });
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new AuditTrailProjection()], { name: 'read-models' });
    const clerk = { actor: { role: 'insurer-clerk', userId: 'clerk-7', insurerNumber: '123455' }, channel: 'counter' };
    await store.append(
      'insured-123455-P1',
      [{ type: 'QualificationAcquired', data: { acquiredOn: '2024-04-01' }, metadata: clerk }],
      'no_stream',
    );
    now = new Date('2025-03-01T01:00:00.000Z');
    const { events } = await store.append(
      'insured-123455-P1',
      [
        {
          type: 'RegistrationCancellationRequested',
          data: { requestedOn: '2025-02-28', applicant: 'agent', identityDocumentChecked: true, powerOfAttorney: true },
          metadata: { ...clerk, onBehalfOf: 'P1' },
        },
      ],
      0,
    );
    await store.append(
      'insured-654321-P9',
      [{ type: 'QualificationAcquired', data: { acquiredOn: '2025-01-01' }, metadata: { actor: 'importer-1' } }],
      'no_stream',
    );
    await store.append('other-stream', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    const all = [];
    for await (const event of store.readAll()) all.push(event);
    projector.apply(all);

    const trail = [...auditTrailOf(db, 'insured-123455-P1')];
    expect(trail).toHaveLength(2);
    expect(trail[1]).toMatchObject({
      type: 'RegistrationCancellationRequested',
      insurerNumber: '123455',
      personId: 'P1',
      effectiveOn: '2025-02-28',
      recordedAt: '2025-03-01T01:00:00.000Z',
      channel: 'counter',
      applicant: 'agent',
      identityChecked: true,
      powerOfAttorney: true,
      onBehalfOf: 'P1',
      hash: events[0]!.metadata.$hash,
    });
    // The actor as the event named it, a structure here; the flags as booleans, null where the event has none.
    expect(trail[1]!.actor).toEqual(clerk.actor);
    expect(trail[0]).toMatchObject({
      identityChecked: null,
      powerOfAttorney: null,
      medicalInstitutionCode: null,
      validity: null,
    });
    const periodOf = (insurer: string, from: string, to: string) =>
      [...auditPagesOfPeriod({ db }, insurer, from, to)].flat();
    const february = periodOf('123455', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z');
    expect(february.map((entry) => entry.type)).toEqual(['QualificationAcquired']);
    // A name reads back as the name, not as JSON text.
    expect(periodOf('654321', '2025-01-01', '2026-01-01')).toEqual([expect.objectContaining({ actor: 'importer-1' })]);
    db.close();
    await store.close();
  });

  it("R40: keeps an insurer's records in no person's stream: a check that matched nobody, a restricted-data export", async () => {
    const store = new SqliteEventStore({ path: ':memory:', clock: () => new Date('2025-06-01T01:00:00.000Z') });
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new AuditTrailProjection()], { name: 'read-models' });
    const clinic = { actor: { role: 'medical-institution', keyId: 'k1' }, channel: 'api' };
    const check = { medicalInstitutionCode: '0110113719', confirmationDate: '2025-06-01', method: 'numbers' };
    await store.append(
      'eligibility-checks-0110113719',
      [
        { type: 'EligibilityChecked', data: { ...check, validity: 4, insurerNumber: '123455' }, metadata: clinic },
        // Recorded before unmatched checks named their insurer: nobody's trail can claim it.
        { type: 'EligibilityChecked', data: { ...check, validity: 4 }, metadata: clinic },
        { type: 'EligibilityChecked', data: { ...check, validity: 4, insurerNumber: '123456' }, metadata: clinic },
      ],
      'any',
    );
    const exported = {
      insurerNumber: '06050116',
      from: '2025-04-01',
      to: '2025-06-30',
      format: 'csv',
      actor: 'auditor-1',
    };
    await store.append(
      'restricted-exports-06050116',
      [
        {
          type: 'RestrictedDataExported',
          data: { ...exported, reason: 'court order 42' },
          metadata: { actor: 'auditor-1' },
        },
      ],
      'any',
    );
    const all = [];
    for await (const event of store.readAll()) all.push(event);
    projector.apply(all);

    const periodOf = (insurer: string) => [...auditPagesOfPeriod({ db }, insurer, '2025-06-01', '2025-06-02')].flat();
    expect(periodOf('123455')).toEqual([
      expect.objectContaining({
        type: 'EligibilityChecked',
        stream: 'eligibility-checks-0110113719',
        insurerNumber: '123455',
        personId: null,
        effectiveOn: '2025-06-01',
        actor: clinic.actor,
        channel: 'api',
        medicalInstitutionCode: '0110113719',
        validity: 4,
      }),
    ]);
    expect(periodOf('06050116')).toEqual([
      expect.objectContaining({ type: 'RestrictedDataExported', personId: null, actor: 'auditor-1' }),
    ]);
    // 123456 fails the insurer number's check digit: not an insurer's record.
    expect(periodOf('123456')).toEqual([]);
    db.close();
    await store.close();
  });

  it("R31: keeps in a person's trail which clinic checked them and what it was answered", async () => {
    const store = new SqliteEventStore({ path: ':memory:', clock: () => new Date('2025-06-01T01:00:00.000Z') });
    const db = new Database(':memory:');
    const projector = new Projector(store, db, [new AuditTrailProjection()], { name: 'read-models' });
    const checked = { confirmationDate: '2025-06-01', method: 'card' };
    await store.append(
      'insured-123455-P1',
      [
        { type: 'QualificationAcquired', data: { acquiredOn: '2024-04-01' } },
        { type: 'EligibilityChecked', data: { ...checked, medicalInstitutionCode: '0110113719', validity: 1 } },
        { type: 'EligibilityChecked', data: { ...checked, medicalInstitutionCode: '1310112345', validity: 2 } },
      ],
      'no_stream',
    );
    const all = [];
    for await (const event of store.readAll()) all.push(event);
    projector.apply(all);

    expect(
      [...auditTrailOf(db, 'insured-123455-P1')].map(({ type, medicalInstitutionCode, validity }) => ({
        type,
        medicalInstitutionCode,
        validity,
      })),
    ).toEqual([
      { type: 'QualificationAcquired', medicalInstitutionCode: null, validity: null },
      { type: 'EligibilityChecked', medicalInstitutionCode: '0110113719', validity: 1 },
      { type: 'EligibilityChecked', medicalInstitutionCode: '1310112345', validity: 2 },
    ]);
    db.close();
    await store.close();
  });
});
