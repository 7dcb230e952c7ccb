import Database from 'better-sqlite3';
import { insuredPersonStream } from '@ledger/domain';
import { type EventStore, SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { v7 } from 'uuid';
// The adapter and its in-memory stand-in are not exported by @ledger/event-store (the app opens it by configuration).
// eslint-disable-next-line no-restricted-imports
import { EventStoreDbEventStore } from '../../event-store/src/eventstoredb/eventstoredb-event-store';
// eslint-disable-next-line no-restricted-imports
import { FakeEsdbClient } from '../../event-store/src/eventstoredb/fake-esdb-client.test-kit';
import { AuditTrailProjection } from './audit/audit-trail.projection';
import { Projector } from './projector';
import { QualificationProjection } from './qualification/qualification.projection';
import { rebuildInto } from './rebuild';
import { readModelChecksums } from './table-checksum';

interface Append {
  readonly stream: string;
  readonly recordedAt: Date;
  readonly events: { id: string; type: string; data: unknown; metadata: Record<string, unknown> }[];
}

/** One generated history, with the ids, times and provenance fixed, so both stores record the same events. */
function generatedAppends(persons: number, seed: number): Append[] {
  let instant = Date.parse('2025-01-06T00:00:00.000Z');
  return [...generateHistories(persons, seed)].flatMap(({ insurerNumber, personId, events }) => {
    instant += 60_000;
    const metadata = { actor: { role: 'insurer-system', keyId: `batch-${insurerNumber}` }, channel: 'batch-interface' };
    return events.length === 0
      ? []
      : [
          {
            stream: insuredPersonStream(insurerNumber, personId),
            recordedAt: new Date(instant),
            events: events.map(({ type, data }) => ({ id: v7(), type, data, metadata })),
          },
        ];
  });
}

/** A store whose clock reads what the test sets before each append. */
function withClock<S extends EventStore>(open: (clock: () => Date) => S): { store: S; at: (instant: Date) => void } {
  let now = new Date(0);
  return { store: open(() => now), at: (instant) => (now = instant) };
}

async function appendAll(target: ReturnType<typeof withClock>, appends: readonly Append[]): Promise<void> {
  for (const { stream, recordedAt, events } of appends) {
    target.at(recordedAt);
    await target.store.append(stream, events, 'any');
  }
}

const readModels = () => [new QualificationProjection(), new AuditTrailProjection()];
/** Whatever a test opened, closed even when an assertion fails: a live subscription would keep jest running. */
const opened: (() => unknown)[] = [];
const project = (store: EventStore, db: Database.Database) => {
  const projector = new Projector(store, db, readModels(), { name: 'read-models', batchWindowMs: 2, batchSize: 40 });
  opened.unshift(() => projector.stop());
  return projector;
};
const readModelsDb = () => {
  const db = new Database(':memory:');
  opened.push(() => db.close());
  return db;
};
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

async function positionsOf(store: EventStore): Promise<number[]> {
  const positions: number[] = [];
  for await (const event of store.readAll()) positions.push(event.position);
  return positions;
}

/** The audit rows without their global position, which is each store's own (EventStoreDB commit positions). */
const auditRowsWithoutPosition = (db: Database.Database) =>
  db
    .prepare<[], Record<string, unknown>>('SELECT * FROM audit_trail ORDER BY position')
    .all()
    .map(({ position: _position, ...row }) => row);

describe('projector over the EventStoreDB store', () => {
  it('builds the same read models as over the SQLite store, across a restart and live appends', async () => {
    const history = generatedAppends(60, 11);
    const half = Math.floor(history.length / 2);
    const sqlite = withClock((clock) => new SqliteEventStore({ path: ':memory:', clock }));
    const esdb = withClock(
      (clock) => new EventStoreDbEventStore(new FakeEsdbClient(), { clock, resubscribeDelayMs: 5 }),
    );
    opened.push(
      () => sqlite.store.close(),
      () => esdb.store.close(),
    );
    const overSqlite = readModelsDb();
    const overEsdb = readModelsDb();

    await appendAll(sqlite, history);
    const sqliteProjector = project(sqlite.store, overSqlite);
    sqliteProjector.start();
    await sqliteProjector.caughtUp(await sqlite.store.headPosition());

    // Over EventStoreDB: catch up on the first half, stop (a replica restarting), then follow live appends.
    await appendAll(esdb, history.slice(0, half));
    const first = project(esdb.store, overEsdb);
    first.start();
    await first.caughtUp(await esdb.store.headPosition());
    first.stop();
    const resumed = project(esdb.store, overEsdb);
    expect(resumed.checkpoint).toBe(await esdb.store.headPosition());
    resumed.start();
    await appendAll(esdb, history.slice(half));
    const esdbHead = await esdb.store.headPosition();
    await resumed.caughtUp(esdbHead);

    const {
      audit_trail: _sqliteAudit,
      checkpoints: _sqliteCheckpoints,
      ...sqliteTables
    } = readModelChecksums(overSqlite);
    const { audit_trail: _esdbAudit, checkpoints: _esdbCheckpoints, ...esdbTables } = readModelChecksums(overEsdb);
    expect(Object.keys(esdbTables)).toContain('person_states');
    expect(esdbTables).toEqual(sqliteTables);
    const auditRows = auditRowsWithoutPosition(overEsdb);
    expect(auditRows.length).toBe(history.reduce((count, append) => count + append.events.length, 0));
    expect(auditRows).toEqual(auditRowsWithoutPosition(overSqlite));
    // Each store's own positions, in log order, with nothing applied twice or skipped across the restart.
    const esdbPositions = overEsdb
      .prepare<[], { position: number }>('SELECT position FROM audit_trail ORDER BY position')
      .all();
    expect(esdbPositions.map(({ position }) => position)).toEqual(await positionsOf(esdb.store));
    expect(await resumed.status()).toMatchObject({ checkpoint: esdbHead, lagPositions: 0, redelivered: 0 });
  });

  it('rebuilds the read models from the start, then again from the checkpoint after more appends', async () => {
    const history = generatedAppends(30, 12);
    const half = Math.floor(history.length / 2);
    const esdb = withClock(
      (clock) => new EventStoreDbEventStore(new FakeEsdbClient(), { clock, resubscribeDelayMs: 5 }),
    );
    opened.push(() => esdb.store.close());
    const rebuilt = readModelsDb();

    await appendAll(esdb, history.slice(0, half));
    expect(await rebuildInto(esdb.store, rebuilt, readModels())).toBe(await esdb.store.headPosition());
    await appendAll(esdb, history.slice(half));
    const head = await esdb.store.headPosition();
    expect(await rebuildInto(esdb.store, rebuilt, readModels())).toBe(head);

    const followed = readModelsDb();
    const projector = project(esdb.store, followed);
    projector.start();
    await projector.caughtUp(head);
    expect(readModelChecksums(rebuilt)).toEqual(readModelChecksums(followed));
  });
});
