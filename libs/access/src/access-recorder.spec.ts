import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessOutbox } from './access-outbox';
import { AccessRecorder } from './access-recorder';

const check = (validity: number) => ({
  stream: 'insured-123455-P1',
  type: 'EligibilityChecked' as const,
  data: { medicalInstitutionCode: '0110113719', confirmationDate: '2025-06-01', method: 'numbers', validity },
  metadata: { actor: { role: 'medical-institution', keyId: 'k' } },
});

async function eventsIn(store: SqliteEventStore, stream: string) {
  const events = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

describe('access recorder (R40)', () => {
  const outbox = () => join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox.db');
  let store: SqliteEventStore;

  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('R40: every recorded check reaches the person’s stream, in order, once drained', async () => {
    const recorder = new AccessRecorder(store, outbox());
    await Promise.all([1, 2, 3].map((validity) => recorder.record(check(validity))));
    expect(recorder.backlog()).toBe(3);
    await recorder.close();
    const events = await eventsIn(store, 'insured-123455-P1');
    expect(events.map((event) => (event.data as { validity: number }).validity)).toEqual([1, 2, 3]);
    expect(events[0]!.metadata).toMatchObject({ actor: { role: 'medical-institution' } });
  });

  it('R40: a record is synced to disk before its check is answered, so a power cut loses none (synchronous=FULL)', () => {
    const file = new AccessOutbox(outbox());
    // The connection's setting is what can be observed short of cutting the power.
    const { db } = file as unknown as { db: Database.Database };
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    file.close();
  });

  it('R40: a record the outbox refuses fails its check, with every record of its tick: none is answered unrecorded', async () => {
    const path = outbox();
    const recorder = new AccessRecorder(store, path);
    const disk = new Database(path);
    disk.exec(`CREATE TRIGGER refused BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const recorded = [1, 2].map((validity) => recorder.record(check(validity)));
    // By its message: the native module's error is of another realm than this file's Error.
    for (const each of recorded) await expect(each).rejects.toHaveProperty('message', 'disk full');
    expect(recorder.backlog()).toBe(0);
    disk.exec('DROP TRIGGER refused');
    disk.close();
    await recorder.record(check(3));
    await recorder.close();
    const events = await eventsIn(store, 'insured-123455-P1');
    expect(events.map((event) => (event.data as { validity: number }).validity)).toEqual([3]);
  });

  it('R40: straight to the store, a record is in the person’s stream once recorded, and leftovers of the outbox are drained', async () => {
    const path = outbox();
    const earlier = new AccessRecorder(store, path);
    await earlier.record(check(1));
    const direct = new AccessRecorder(store, path, { straightToStore: true });
    await direct.record(check(2));
    expect((await eventsIn(store, 'insured-123455-P1')).map((event) => event.data)).toEqual([check(2).data]);
    expect(direct.backlog()).toBe(1);
    await direct.drain();
    const events = await eventsIn(store, 'insured-123455-P1');
    expect(events.map((event) => (event.data as { validity: number }).validity)).toEqual([2, 1]);
    expect(events[0]!.metadata).toMatchObject({ actor: { role: 'medical-institution' } });
    // Drained, the outbox is removed rather than polled on.
    expect(direct.backlog()).toBe(0);
    expect(existsSync(path)).toBe(false);
    await direct.close();
  });

  it('R40: straight to the store, no outbox file is created when none was left', async () => {
    const path = outbox();
    const direct = new AccessRecorder(store, path, { straightToStore: true });
    direct.start();
    await direct.record(check(1));
    expect(direct.backlog()).toBe(0);
    await direct.close();
    expect(existsSync(path)).toBe(false);
    expect(await eventsIn(store, 'insured-123455-P1')).toHaveLength(1);
  });

  it('R40: records left in the outbox by a crash are appended by the next run, none twice', async () => {
    const path = outbox();
    const crashed = new AccessRecorder(store, path);
    await crashed.record(check(1));
    await crashed.record(check(2));
    // A drain that appended both and died before removing them from the outbox:
    const outboxFile = new Database(path);
    for (const row of outboxFile.prepare<[], { id: string; data: string }>('SELECT id, data FROM outbox').all()) {
      await store.append(
        'insured-123455-P1',
        [{ id: row.id, type: 'EligibilityChecked', data: JSON.parse(row.data) }],
        'any',
      );
    }
    outboxFile.close();
    const restarted = new AccessRecorder(store, path);
    await restarted.record(check(3));
    await restarted.close();
    const events = await eventsIn(store, 'insured-123455-P1');
    expect(events.map((event) => (event.data as { validity: number }).validity)).toEqual([1, 2, 3]);
  });

  it('keeps a record whose append failed, and appends it on a later drain', async () => {
    const failing = new SqliteEventStore({ path: ':memory:' });
    const append = failing.append.bind(failing);
    let fail = true;
    failing.append = (...args) => (fail ? Promise.reject(new Error('store unreachable')) : append(...args));
    const errors: unknown[] = [];
    const recorder = new AccessRecorder(failing, outbox(), { onDrainError: (error) => errors.push(error) });
    await recorder.record(check(4));
    await recorder.drain();
    expect(recorder.backlog()).toBe(1);
    expect(errors).toHaveLength(1);
    fail = false;
    await recorder.close();
    expect(await eventsIn(failing, 'insured-123455-P1')).toHaveLength(1);
    await failing.close();
  });
});
