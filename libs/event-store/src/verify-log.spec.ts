import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { summarizeLog } from './verify-log';

const event = (type: string) => ({ type, data: { on: '2025-04-01' } });

describe('R41: a log summary compares every chain with the head the store recorded', () => {
  let directory: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-verify-log-'));
    path = join(directory, 'events.db');
    store = new SqliteEventStore({ path });
    await store.append('insured-123455-A', [event('QualificationAcquired'), event('CardRegistered')], 'no_stream');
    await store.append('insured-123455-A', [event('ViewingRestrictionFiled')], 1);
    await store.append('insured-123455-B', [event('QualificationAcquired')], 'no_stream');
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const tamper = (sql: string) => {
    const db = new Database(path);
    db.exec(sql);
    db.close();
  };

  it('an untouched log has a digest and no break', async () => {
    const summary = await summarizeLog(store);
    expect(summary.verification).toEqual({ eventsChecked: 4, streamsChecked: 2 });
    expect(summary.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("finds events cut from a stream's end, which leave its chain intact in itself", async () => {
    tamper(`DELETE FROM events WHERE stream = 'insured-123455-A' AND revision = 2`);
    const summary = await summarizeLog(store);
    expect(summary.digest).toBeUndefined();
    expect(summary.verification.firstBreak).toMatchObject({
      stream: 'insured-123455-A',
      revision: 2,
      position: 2,
      problem: 'removed',
    });
  });

  it('finds a whole stream removed', async () => {
    tamper(`DELETE FROM events WHERE stream = 'insured-123455-B'`);
    expect((await summarizeLog(store)).verification.firstBreak).toMatchObject({
      stream: 'insured-123455-B',
      problem: 'removed',
      detail: 'the whole stream is missing: the store records revision 0 as its head',
    });
  });

  it('finds a stream whose head the store never recorded', async () => {
    tamper(`DELETE FROM streams WHERE stream = 'insured-123455-B'`);
    expect((await summarizeLog(store)).verification.firstBreak).toMatchObject({
      stream: 'insured-123455-B',
      problem: 'broken-link',
    });
  });

  it('an append after the walk is not taken for a removal: the log stays writable while it is verified', async () => {
    const appendingAfterTheWalk: EventStore = Object.assign(Object.create(store) as SqliteEventStore, {
      readAll: async function* () {
        yield* store.readAll();
        await store.append('insured-123455-A', [event('ViewingRestrictionLifted')], 2);
        await store.append('insured-123455-C', [event('QualificationAcquired')], 'no_stream');
      },
    });
    const summary = await summarizeLog(appendingAfterTheWalk);
    expect(summary.verification).toEqual({ eventsChecked: 4, streamsChecked: 2 });
    expect(summary.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
