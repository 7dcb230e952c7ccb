import Database from 'better-sqlite3';
import { calendarDate, type CalendarDate, defaultPolicy, event, type InsuredPersonEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { Projector } from '../projector';
import { QualificationProjection } from '../qualification/qualification.projection';
import { certificatesDue, legacyCardsLapsing } from './worklists';

const on = (literal: string): CalendarDate => calendarDate(literal);
const enrolled = (acquiredOn: string) =>
  event('QualificationAcquired', {
    insurerNumber: '123455' as never,
    number: 'N' as never,
    relationship: 'insured',
    acquiredOn: on(acquiredOn),
    burdenRatio: 30,
    birthDate: on('1980-05-10'),
    name: '山田 太郎',
  });
const legacyCard = (validUntil: string) =>
  event('DocumentIssued', {
    documentId: 'card' as never,
    documentType: 'legacy-card',
    issuedOn: on('2023-08-01'),
    validFrom: on('2023-08-01'),
    validUntil: on(validUntil),
    delivery: 'mail-to-person',
    occasion: 'renewal',
  });
const registered = event('CardRegistered', { registeredOn: on('2023-01-10'), channel: 'portal' });

function readModel(people: Record<string, InsuredPersonEvent[]>): Database.Database {
  const db = new Database(':memory:');
  const projector = new Projector(undefined as never, db, [new QualificationProjection()], { name: 'read-models' });
  let position = 0;
  const events: RecordedEvent[] = Object.entries(people).flatMap(([personId, history]) =>
    history.map((domainEvent, revision) => ({
      id: `${personId}-${revision}`,
      stream: `insured-123455-${personId}`,
      revision,
      position: (position += 1),
      recordedAt: '2025-01-01T00:00:00.000Z',
      type: domainEvent.type,
      data: domainEvent.data,
      metadata: {},
    })),
  );
  projector.apply(events);
  return db;
}

describe('worklists', () => {
  const db = readModel({
    A: [enrolled('2020-04-01'), legacyCard('2026-07-31')],
    B: [enrolled('2020-04-01'), registered, legacyCard('2025-03-31')],
    C: [
      enrolled('2020-04-01'),
      legacyCard('2025-09-30'),
      event('QualificationLost', { lostOn: on('2025-06-01'), reason: 'moved-out' }),
    ],
  });
  afterAll(() => db.close());

  it('R20: lists who must have a certificate by a date, with the rule, once the legacy card stopped', () => {
    expect([...certificatesDue(db, '123455', on('2025-12-01'), defaultPolicy)]).toEqual([]);
    expect([...certificatesDue(db, '123455', on('2025-12-02'), defaultPolicy)]).toEqual([
      expect.objectContaining({ personId: 'A', rule: 'R20', dueOn: '2025-12-02' }),
    ]);
  });

  it('R11, R12: lists legacy cards lapsing in a range while their holder is covered', () => {
    expect([...legacyCardsLapsing(db, '123455', on('2025-01-01'), on('2025-12-31'), defaultPolicy)]).toEqual([
      { personId: 'A', documentId: 'card', stopsOn: '2025-12-02' },
      { personId: 'B', documentId: 'card', stopsOn: '2025-04-01' },
    ]);
    expect([...legacyCardsLapsing(db, '654321', on('2025-01-01'), on('2025-12-31'), defaultPolicy)]).toEqual([]);
    // The range holds both of its ends.
    expect([...legacyCardsLapsing(db, '123455', on('2025-12-02'), on('2025-12-02'), defaultPolicy)]).toEqual([
      { personId: 'A', documentId: 'card', stopsOn: '2025-12-02' },
    ]);
  });
});
