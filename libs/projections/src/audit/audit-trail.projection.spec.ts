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
    expect(trail[0]).toMatchObject({ identityChecked: null, powerOfAttorney: null });
    const periodOf = (insurer: string, from: string, to: string) =>
      [...auditPagesOfPeriod({ db }, insurer, from, to)].flat();
    const february = periodOf('123455', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z');
    expect(february.map((entry) => entry.type)).toEqual(['QualificationAcquired']);
    // A name reads back as the name, not as JSON text.
    expect(periodOf('654321', '2025-01-01', '2026-01-01')).toEqual([expect.objectContaining({ actor: 'importer-1' })]);
    db.close();
    await store.close();
  });
});
