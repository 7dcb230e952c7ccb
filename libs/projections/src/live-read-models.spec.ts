import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditPagesOfPeriod } from './audit/audit-pages';
import { type AuditEntry, auditTrailOf, AuditTrailProjection } from './audit/audit-trail.projection';
import { LiveReadModels } from './live-read-models';
import { type Projection } from './projection';
import { Projector } from './projector';
import { QualificationProjection } from './qualification/qualification.projection';
import { readModelChecksums } from './table-checksum';

const readModels = () => [new QualificationProjection(), new AuditTrailProjection()];
const personCount = (db: Database.Database) =>
  db.prepare<[], { count: number }>('SELECT count(*) AS count FROM person_states').get()!.count;

describe('live read models', () => {
  let store: SqliteEventStore;
  let path: string;

  /** One append per person, all at once: the store commits them in a few group commits. */
  const appendHistories = async (persons: number, seed: number) => {
    await Promise.all(
      [...generateHistories(persons, seed)]
        .filter(({ events }) => events.length > 0)
        .map(({ insurerNumber, personId, events }) =>
          store.append(
            `insured-${insurerNumber}-${personId}-${seed}`,
            events.map(({ type, data }) => ({ type, data })),
            'any',
          ),
        ),
    );
  };

  /** The read models applied incrementally, in one pass of the live projector's kind. */
  const incremental = () => {
    const db = new Database(':memory:');
    const projector = new Projector(store, db, readModels(), { name: 'read-models' });
    return { db, caughtUp: (position: number) => (projector.start(), projector.caughtUp(position)), projector };
  };

  /** Opens the live read models at `path`, lets them catch up with the log, and closes them: their checksums. */
  const caughtUpChecksums = async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    const checksums = readModelChecksums(live.db);
    await live.close();
    return checksums;
  };

  beforeEach(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-live-read-models-'));
    store = new SqliteEventStore({ path: join(directory, 'events.db') });
    path = join(directory, 'read-models.db');
    await appendHistories(200, 1);
  }, 60_000);

  afterEach(() => store.close());

  it('keeps answering from the complete live read models during a rebuild, then swaps in equal ones', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    const before = live.db;
    const personsBefore = personCount(live.db);

    const answeredDuring: number[] = [];
    const rebuilt = live.rebuild({
      batchSize: 50,
      progressEveryMs: 0,
      onProgress: () => answeredDuring.push(personCount(live.db)),
    });
    await appendHistories(50, 2);
    const checkpoint = await rebuilt;

    expect(answeredDuring.length).toBeGreaterThan(3);
    expect(Math.min(...answeredDuring)).toBeGreaterThanOrEqual(personsBefore);
    expect(before.open).toBe(false);
    expect(existsSync(`${path}.rebuild`)).toBe(false);
    expect(live.projector.running).toBe(true);
    const head = await store.headPosition();
    expect(checkpoint).toBeLessThanOrEqual(head);
    await live.projector.caughtUp(head);
    const reference = incremental();
    await reference.caughtUp(head);
    expect(readModelChecksums(live.db)).toEqual(readModelChecksums(reference.db));
    reference.projector.stop();
    await live.close();
  }, 60_000);

  it('keeps following the store after the swap, and waiters on the projector are served', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.rebuild();
    const { position } = await store.append(
      'insured-123455-AFTER',
      [...generateHistories(1, 9)][0]!.events.map(({ type, data }) => ({ type, data })),
      'no_stream',
    );
    await live.projector.caughtUp(position);
    expect(
      live.db.prepare("SELECT count(*) AS count FROM person_states WHERE stream = 'insured-123455-AFTER'").get(),
    ).toEqual({
      count: 1,
    });
    await live.close();
  }, 60_000);

  it('swaps the new file in the step that closes the old one: a query resumed just after finds it open', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels });
    const old = live.db;
    const close = old.close.bind(old);
    let openAfterClose: boolean | undefined;
    jest.spyOn(old, 'close').mockImplementation(() => {
      close();
      queueMicrotask(() => (openAfterClose = live.db.open));
      return old;
    });
    await live.rebuild();
    expect(live.db).not.toBe(old);
    expect(openAfterClose).toBe(true);
    await live.close();
  }, 60_000);

  it('waits for a streaming read of the old file to finish before it swaps', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels });
    await live.rebuild();
    const stream = (live.db.prepare('SELECT stream FROM audit_trail LIMIT 1').get() as { stream: string }).stream;
    const reading = auditTrailOf(live.db, stream)[Symbol.iterator]();
    reading.next();
    let swapped = false;
    const rebuilt = live.rebuild().then(() => (swapped = true));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(swapped).toBe(false);
    while (!reading.next().done);
    await rebuilt;
    expect(swapped).toBe(true);
    await live.close();
  }, 60_000);

  it('R40: an audit export read in pages goes on across a swap, on the new file, without a gap or a repeat', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels });
    await live.rebuild();
    const { insurerNumber } = live.db
      .prepare<[], { insurerNumber: string }>('SELECT insurer_number AS insurerNumber FROM audit_trail LIMIT 1')
      .get()!;
    const period = [insurerNumber, '2000-01-01', '9999-12-31'] as const;
    const whole = [...auditPagesOfPeriod(live, ...period, 10)].flat().map((entry) => entry.position);
    const pages = auditPagesOfPeriod(live, ...period, 10)[Symbol.iterator]();
    const read = [...(pages.next().value as readonly AuditEntry[])];

    await live.rebuild();
    for (let page = pages.next(); !page.done; page = pages.next()) read.push(...page.value);

    expect(whole.length).toBeGreaterThan(10);
    expect(read.map((entry) => entry.position)).toEqual(whole);
    await live.close();
  }, 60_000);

  it('leaves the live read models in place when a rebuild fails', async () => {
    let calls = 0;
    const poisoned: Projection = {
      name: 'poisoned',
      eventTypes: new Set(['QualificationAcquired']),
      writeStatements: {},
      migrate: () => undefined,
      apply: () => {
        throw new Error('cannot apply');
      },
    };
    const projections = () => (calls++ === 0 ? readModels() : [...readModels(), poisoned]);
    const live = LiveReadModels.open(store, { path, projections, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    const checksums = readModelChecksums(live.db);

    await expect(live.rebuild()).rejects.toThrow('rebuild stopped: cannot apply');

    expect(existsSync(`${path}.rebuild`)).toBe(false);
    expect(readModelChecksums(live.db)).toEqual(checksums);
    expect(live.projector.running).toBe(true);
    await live.close();
  }, 60_000);

  it('stops a rebuild when closed during it: nothing swapped in or left behind, no projector started again', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    let closed: Promise<void> | undefined;
    const rebuilt = live.rebuild({
      batchSize: 50,
      progressEveryMs: 0,
      onProgress: () => {
        closed ??= live.close();
      },
    });

    await expect(rebuilt).rejects.toThrow('rebuild stopped');
    await closed;
    expect(live.db.open).toBe(false);
    expect(existsSync(`${path}.rebuild`)).toBe(false);
    expect(live.projector.running).toBe(false);
    await expect(live.rebuild()).rejects.toThrow('the read models are closed');
  }, 60_000);

  it('stops a rebuild closed while it waits for a streaming read to swap: the new file is not swapped in', async () => {
    const live = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    // A person's audit trail being streamed holds the connection: the swap waits for it.
    const streaming = live.db.prepare('SELECT stream FROM person_states').iterate();
    streaming.next();
    const rebuilt = live.rebuild();
    // Paused for the last events, then waiting for the read to end.
    while (live.projector.running) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = live.close();
    while (!streaming.next().done);

    await expect(rebuilt).rejects.toThrow('aborted');
    await closed;
    expect(live.db.open).toBe(false);
    expect(existsSync(`${path}.rebuild`)).toBe(false);
    expect(live.projector.running).toBe(false);
  }, 60_000);

  it('discards at open the file a rebuild interrupted by a crash left behind, and keeps the live one', async () => {
    const checksums = await caughtUpChecksums();
    writeFileSync(`${path}.rebuild`, 'half a rebuild');

    const reopened = LiveReadModels.open(store, { path, projections: readModels });

    expect(existsSync(`${path}.rebuild`)).toBe(false);
    expect(readModelChecksums(reopened.db)).toEqual(checksums);
    await reopened.close();
  }, 60_000);

  it('builds a file of an earlier read-models version again from the log instead of misreading its person states', async () => {
    const checksums = await caughtUpChecksums();
    const earlier = new Database(path);
    earlier.exec(`UPDATE person_states SET state = '{"enrolmentDetails":{},"periods":[]}'`);
    earlier.pragma('user_version = 0');
    earlier.close();

    const reopened = LiveReadModels.open(store, { path, projections: readModels, projector: { batchWindowMs: 5 } });

    expect(reopened.projector.checkpoint).toBe(0);
    reopened.projector.start();
    await reopened.projector.caughtUp(await store.headPosition());
    expect(readModelChecksums(reopened.db)).toEqual(checksums);
    await reopened.close();
  }, 60_000);

  it('builds read models past the head of the log again, as after the log was put back from a backup, and skips nothing', async () => {
    await caughtUpChecksums();
    // The log as a backup held it: fewer events than the read models applied.
    const restoredPath = join(mkdtempSync(join(tmpdir(), 'ledger-restored-')), 'events.db');
    const restored = new SqliteEventStore({ path: restoredPath });
    const original = store;
    store = restored;
    await appendHistories(20, 2);
    const head = await store.headPosition();
    const told: [number, number][] = [];

    const reopened = await LiveReadModels.openOnLog(
      store,
      { path, projections: readModels, projector: { batchWindowMs: 5 } },
      (checkpoint, at) => told.push([checkpoint, at]),
    );

    expect(told).toEqual([[await original.headPosition(), head]]);
    expect(reopened.projector.checkpoint).toBe(0);
    reopened.projector.start();
    await reopened.projector.caughtUp(head);
    const { db, caughtUp } = incremental();
    await caughtUp(head);
    expect(readModelChecksums(reopened.db)).toEqual(readModelChecksums(db));
    await reopened.close();
    await original.close();
  }, 60_000);

  it('keeps read models at or behind the head of the log, saying nothing', async () => {
    const checksums = await caughtUpChecksums();
    const told: unknown[] = [];
    const reopened = await LiveReadModels.openOnLog(store, { path, projections: readModels }, () => told.push(1));
    expect(told).toEqual([]);
    expect(readModelChecksums(reopened.db)).toEqual(checksums);
    await reopened.close();
  }, 60_000);

  it('keeps the read models as they are when the store does not answer at start (a cluster away): the service starts', async () => {
    const checksums = await caughtUpChecksums();
    const away = (headPosition: () => Promise<number>): SqliteEventStore =>
      Object.assign(Object.create(store) as SqliteEventStore, { headPosition });
    const told: unknown[] = [];
    for (const headPosition of [
      () => Promise.reject(new Error('14 UNAVAILABLE')),
      () => new Promise<number>(() => {}),
    ]) {
      const reopened = await LiveReadModels.openOnLog(
        away(headPosition),
        { path, projections: readModels },
        () => told.push(1),
        50,
      );
      expect(readModelChecksums(reopened.db)).toEqual(checksums);
      await reopened.close();
    }
    expect(told).toEqual([]);
  }, 60_000);
});
