import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { enrolledEvent as enrolled } from '../person-events.test-kit';
import { Projector } from '../projector';
import { QualificationProjection } from './qualification.projection';
import { restrictionEverFiled } from './restriction-filed';

const stream = 'insured-123455-P1';
const filed = { type: 'ViewingRestrictionFiled', data: { filedOn: '2025-02-01', scope: 'non-disclosure' } };
const lifted = { type: 'ViewingRestrictionLifted', data: { liftedOn: '2025-06-01' } };

describe('whether a viewing restriction was ever filed, as the log says now', () => {
  let store: SqliteEventStore;
  let db: Database.Database;
  /** The read models as a projector that has applied the log up to now leaves them. */
  let projectNow: () => Promise<void>;

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    db = new Database(':memory:');
    const projector = new Projector(store, db, [new QualificationProjection()], { name: 'read-models' });
    projectNow = async () => {
      const events = [];
      for await (const event of store.readAll({ after: projector.checkpoint })) events.push(event);
      projector.apply(events);
    };
  });

  afterEach(async () => {
    db.close();
    await store.close();
  });

  it('R31: counts a filing the read models have not applied yet', async () => {
    await store.append(stream, [enrolled], 'no_stream');
    await projectNow();
    expect(await restrictionEverFiled(store, db, stream, 'read-models')).toBe(false);

    await store.append(stream, [filed], 0);
    expect(await restrictionEverFiled(store, db, stream, 'read-models')).toBe(true);
    await projectNow();
    expect(await restrictionEverFiled(store, db, stream, 'read-models')).toBe(true);
  });

  it('R31: counts a filing lifted since, and one of a person the read models do not know yet', async () => {
    await store.append(stream, [enrolled, filed, lifted], 'no_stream');
    expect(await restrictionEverFiled(store, db, stream, 'read-models')).toBe(true);
    await projectNow();
    expect(await restrictionEverFiled(store, db, stream, 'read-models')).toBe(true);
    expect(await restrictionEverFiled(store, db, 'insured-123455-NOBODY', 'read-models')).toBe(false);
  });
});
