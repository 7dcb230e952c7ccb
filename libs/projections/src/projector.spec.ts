import Database from 'better-sqlite3';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Projection } from './projection';
import { Projector } from './projector';

/** Counts enrolments per stream; fails on purpose for a poisoned event. */
const enrolmentCounter: Projection = {
  name: 'enrolment-counter',
  eventTypes: new Set(['QualificationAcquired']),
  writeStatements: {
    enrolment: {
      insert: 'INSERT INTO enrolments (stream, count)',
      columns: 2,
      onConflict: 'ON CONFLICT (stream) DO UPDATE SET count = count + 1',
    },
  },
  migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS enrolments (stream TEXT PRIMARY KEY, count INTEGER NOT NULL)'),
  apply: (event: RecordedEvent, writes) => {
    if ((event.data as { poison?: boolean }).poison) throw new Error(`cannot apply event ${event.position}`);
    writes.rowsOf('enrolment').push(event.stream, 1);
  },
};

const enrolled = (data: Record<string, unknown> = {}) => ({ type: 'QualificationAcquired', data });
const counts = (db: Database.Database) =>
  Object.fromEntries(
    db
      .prepare<[], { stream: string; count: number }>('SELECT stream, count FROM enrolments ORDER BY stream')
      .all()
      .map((row) => [row.stream, row.count]),
  );

describe('projector', () => {
  let store: SqliteEventStore;
  let readModelPath: string;

  beforeEach(() => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    store = new SqliteEventStore({ path: join(directory, 'events.db') });
    readModelPath = join(directory, 'read-models.db');
  });

  afterEach(() => store.close());

  const projector = (db: Database.Database, onUnknownEventType?: (type: string) => void) =>
    new Projector(store, db, [enrolmentCounter], { name: 'main', batchWindowMs: 5, onUnknownEventType });

  it('catches up, follows live appends, and keeps its checkpoint with the read model', async () => {
    await store.append('insured-123455-A', [enrolled(), enrolled()], 'no_stream');
    const db = new Database(readModelPath);
    const running = projector(db);
    running.start();
    const { position } = await store.append('insured-123455-B', [enrolled()], 'no_stream');
    await running.caughtUp(position);
    expect(counts(db)).toEqual({ 'insured-123455-A': 2, 'insured-123455-B': 1 });
    expect(await running.status()).toMatchObject({ checkpoint: position, head: position, lagPositions: 0 });
    running.stop();
    db.close();
  });

  it('resumes after a restart exactly where it stopped: nothing applied twice, nothing skipped', async () => {
    let db = new Database(readModelPath);
    let running = projector(db);
    running.start();
    const first = await store.append('insured-123455-A', [enrolled()], 'no_stream');
    await running.caughtUp(first.position);
    running.stop();
    db.close();
    await store.append('insured-123455-A', [enrolled()], 0);
    db = new Database(readModelPath);
    running = projector(db);
    expect(running.checkpoint).toBe(first.position);
    running.start();
    await running.caughtUp(first.position + 1);
    expect(counts(db)).toEqual({ 'insured-123455-A': 2 });
    running.stop();
    db.close();
  });

  it('reaches a position as soon as a batch brings it, and gives up at the deadline when none does', async () => {
    const { events } = await store.append('insured-123455-A', [enrolled(), enrolled()], 'no_stream');
    const db = new Database(readModelPath);
    const waiting = projector(db);
    const [first, second] = events;
    // Given up at the deadline, it would answer false, after Jest's own limit.
    const reached = waiting.reaches(first!.position, 60_000);
    waiting.apply([first!]);
    expect(await reached).toBe(true);
    expect(await waiting.reaches(first!.position, 0)).toBe(true);
    expect(await waiting.reaches(second!.position, 20)).toBe(false);
    waiting.apply([second!]);
    expect(await waiting.reaches(second!.position, 0)).toBe(true);
    db.close();
  });

  it('ignores redelivered events at or below the checkpoint', async () => {
    const { events } = await store.append('insured-123455-A', [enrolled(), enrolled()], 'no_stream');
    const db = new Database(readModelPath);
    const running = projector(db);
    running.apply(events);
    running.apply(events);
    expect(counts(db)).toEqual({ 'insured-123455-A': 2 });
    expect((await running.status()).redelivered).toBe(2);
    db.close();
  });

  it('skips and counts event types no projection reads, reporting each type once', async () => {
    const reported: string[] = [];
    const { events } = await store.append(
      'insured-123455-A',
      [{ type: 'FutureEvent', data: {} }, { type: 'FutureEvent', data: {} }, enrolled()],
      'no_stream',
    );
    const db = new Database(readModelPath);
    const running = projector(db, (type) => reported.push(type));
    running.apply(events);
    expect(reported).toEqual(['FutureEvent']);
    expect(await running.status()).toMatchObject({
      unknownEventTypes: { FutureEvent: 2 },
      checkpoint: events[2]!.position,
    });
    expect(counts(db)).toEqual({ 'insured-123455-A': 1 });
    db.close();
  });

  it('stops on an event it cannot apply, leaving the read model and checkpoint of the last good batch', async () => {
    const good = await store.append('insured-123455-A', [enrolled()], 'no_stream');
    const bad = await store.append('insured-123455-B', [enrolled(), enrolled({ poison: true })], 'no_stream');
    const db = new Database(readModelPath);
    const failures: [string, number][] = [];
    const running = new Projector(store, db, [enrolmentCounter], {
      name: 'main',
      onFailure: (error, checkpoint) => failures.push([(error as Error).message, checkpoint]),
    });
    running.apply(good.events);
    running.apply(bad.events);
    expect(failures).toEqual([[`cannot apply event ${bad.position}`, good.position]]);
    expect(counts(db)).toEqual({ 'insured-123455-A': 1 });
    expect(await running.status()).toMatchObject({
      checkpoint: good.position,
      lagPositions: bad.position - good.position,
      failure: `cannot apply event ${bad.position}`,
    });
    db.close();
  });

  it('commits a batch with its checkpoint or not at all: a write refused halfway leaves neither rows nor checkpoint', async () => {
    const good = await store.append('insured-123455-A', [enrolled()], 'no_stream');
    const { events } = await store.append('insured-123455-B', [enrolled()], 'no_stream');
    const refused = await store.append('insured-123455-C', [enrolled()], 'no_stream');
    const db = new Database(readModelPath);
    const failures: string[] = [];
    const running = new Projector(store, db, [enrolmentCounter], {
      name: 'main',
      onFailure: (error) => failures.push((error as Error).message),
    });
    running.apply(good.events);
    // The disk refuses the batch's last row, after its first was written.
    db.exec(`CREATE TRIGGER refused BEFORE INSERT ON enrolments WHEN NEW.stream = 'insured-123455-C'
             BEGIN SELECT RAISE(ABORT, 'disk refused the row'); END`);
    running.apply([...events, ...refused.events]);
    expect(failures).toEqual(['disk refused the row']);
    expect(counts(db)).toEqual({ 'insured-123455-A': 1 });
    expect(new Projector(store, db, [enrolmentCounter], { name: 'main' }).checkpoint).toBe(good.position);
    db.close();
  });

  it('moves to other read models only when stopped and when they are not behind its checkpoint', async () => {
    const { events } = await store.append('insured-123455-A', [enrolled(), enrolled()], 'no_stream');
    const db = new Database(readModelPath);
    const running = projector(db);
    running.apply(events);
    const behind = new Database(':memory:');
    projector(behind).apply(events.slice(0, 1));
    const ahead = new Database(':memory:');
    projector(ahead).apply(events);

    running.start();
    expect(() => running.reattach(ahead)).toThrow('stop the projector');
    running.stop();
    expect(() => running.reattach(behind)).toThrow(`the read models are at ${events[0]!.position}, behind`);
    running.reattach(ahead);
    const { position } = await store.append('insured-123455-B', [enrolled()], 'no_stream');
    running.start();
    await running.caughtUp(position);
    running.stop();

    expect(counts(ahead)).toEqual({ 'insured-123455-A': 2, 'insured-123455-B': 1 });
    expect(counts(db)).toEqual({ 'insured-123455-A': 2 });
    [db, behind, ahead].forEach((each) => each.close());
  });
});
