import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore } from './event-store.port';
import { forgeChain, forgedMetadata, hashIn, insertRow, storedRows } from './sqlite/forged-rows.test-kit';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { verifyChain } from './verify-chain';
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

  const tamperWith = (change: (db: Database.Database) => void) => {
    const db = new Database(path);
    change(db);
    db.close();
  };
  const tamper = (sql: string) => tamperWith((db) => db.exec(sql));
  const tamperedPosition = (stream: string, revision: number): number => {
    const db = new Database(path, { readonly: true });
    const position = db
      .prepare<[string, number], number>('SELECT position FROM events WHERE stream = ? AND revision = ?')
      .pluck()
      .get(stream, revision)!;
    db.close();
    return position;
  };
  /** The log, summarised: no digest, and its first break as `expected` says. */
  const expectBreak = async (expected: Record<string, unknown>) => {
    const summary = await summarizeLog(store);
    expect(summary.digest).toBeUndefined();
    expect(summary.verification.firstBreak).toMatchObject(expected);
  };

  it('an untouched log has a digest and no break', async () => {
    const summary = await summarizeLog(store);
    expect(summary.verification).toEqual({ eventsChecked: 4, streamsChecked: 2 });
    expect(summary.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['cut from its end, which leaves the chain intact in itself', 'DELETE FROM events'],
    ['hidden from the log walk: it is no append since, at no position after it', 'UPDATE events SET position = 0'],
  ])('finds the last event of a stream %s', async (_, change) => {
    tamper(`${change} WHERE stream = 'insured-123455-A' AND revision = 2`);
    // Named by the last event left: revision 1, at position 2.
    await expectBreak({
      stream: 'insured-123455-A',
      revision: 1,
      position: 2,
      problem: 'removed',
      detail: 'revisions 2 to 2 are missing from the end of the stream, after this one',
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

  it('finds a whole stream removed together with the head the store recorded, by the positions it left empty', async () => {
    tamper(
      `DELETE FROM events WHERE stream = 'insured-123455-A'; DELETE FROM streams WHERE stream = 'insured-123455-A'`,
    );
    await expectBreak({
      stream: 'insured-123455-B',
      revision: 0,
      position: 4,
      problem: 'removed',
      detail: 'positions 1 to 3 before it hold no event: events were removed from the log',
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

  it('finds a chain rewritten behind the store, consistent in itself but no longer ending at the recorded head', async () => {
    tamperWith((db) =>
      forgeChain(db, storedRows(db, 'insured-123455-A'), null, (row) =>
        row.revision === 1 ? { ...row, data: '{"on":"2025-03-01"}' } : row,
      ),
    );
    expect((await verifyChain(store.readAll())).firstBreak).toBeUndefined();
    await expectBreak({
      stream: 'insured-123455-A',
      revision: 2,
      position: 3,
      problem: 'altered',
    });
  });

  it("finds events chained on past a stream's recorded head, from the first revision after that head", async () => {
    tamperWith((db) => {
      const last = storedRows(db, 'insured-123455-A').at(-1)!;
      let previousHash = hashIn(last.metadata);
      for (const revision of [3, 4]) {
        const row = { ...last, id: `0195a1c0-7d7e-7000-8000-00000000000${revision}`, revision };
        const metadata = forgedMetadata(row, previousHash);
        insertRow(db, { ...row, metadata });
        previousHash = hashIn(metadata);
      }
    });
    expect((await verifyChain(store.readAll())).firstBreak).toBeUndefined();
    const inserted = tamperedPosition('insured-123455-A', 3);
    await expectBreak({
      stream: 'insured-123455-A',
      revision: 3,
      position: inserted,
      problem: 'broken-link',
      detail: 'revisions 3 to 4 were inserted after 2, the head the store records',
    });
  });
});
