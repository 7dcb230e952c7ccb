import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '../verify-chain';
import { makeLogOfBefore20261205 } from './log-of-before-20261205.test-kit';
import { idsUniqueIn, indexIdsPerStream } from './schema';
import { SqliteEventStore } from './sqlite-event-store';

const acquired = (id: string) => ({ id, type: 'QualificationAcquired', data: { name: '山田 太郎' } });
const ids = [
  '0b8e6a52-9d1c-4c31-8f2a-6c4a1d2e3f40',
  '1c9f7b63-ae2d-4d42-9a3b-7d5b2e3f4a51',
  '2da08c74-bf3e-4e53-8b4c-8e6c3f4a5b62',
];

describe('indexIdsPerStream: a log made before 2026-12-05 given ids indexed per stream (ADR 0014)', () => {
  let directory: string;
  let path: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-upgrade-'));
    path = join(directory, 'events.db');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const rows = () => {
    const db = new Database(path, { readonly: true });
    const all = db.prepare('SELECT * FROM events ORDER BY position').all();
    db.close();
    return all;
  };
  const upgrade = () => {
    const db = new Database(path);
    try {
      return { copied: indexIdsPerStream(db), ids: idsUniqueIn(db) };
    } finally {
      db.close();
    }
  };

  it('copies every event as it is, at its position; the chain verifies, and appends go on after it', async () => {
    makeLogOfBefore20261205(path);
    let store = new SqliteEventStore({ path });
    await store.append('insured-123455-A', [acquired(ids[0]!), { type: 'CardRegistered', data: {} }], 'no_stream');
    await store.append('insured-123455-B', [acquired(ids[1]!)], 'no_stream');
    await store.close();
    const before = rows();

    expect(upgrade()).toEqual({ copied: 3, ids: 'stream' });

    expect(rows()).toEqual(before);
    store = new SqliteEventStore({ path });
    expect((await verifyChain(store.readAll())).firstBreak).toBeUndefined();
    // Unique per stream now: another stream may hold an id of A's, and the position goes on from the head.
    await expect(store.append('insured-123455-C', [acquired(ids[0]!)], 'no_stream')).resolves.toMatchObject({
      position: 4,
    });
    await expect(store.append('insured-123455-A', [acquired(ids[2]!)], 'any')).resolves.toMatchObject({
      revision: 2,
      position: 5,
    });
    await store.close();
  });

  it('leaves the log as it was when the copy fails midway (the disk full), and upgrades it when run again', async () => {
    makeLogOfBefore20261205(path);
    const store = new SqliteEventStore({ path });
    for (let person = 0; person < 200; person += 1) {
      await store.append(
        `insured-123455-P${person}`,
        [{ type: 'QualificationAcquired', data: { name: 'x'.repeat(200) } }],
        'no_stream',
      );
    }
    await store.close();
    const before = rows();

    const db = new Database(path);
    // Room for a few pages more, where the copy needs dozens: it fails partway through.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 3}`);
    expect(() => indexIdsPerStream(db)).toThrow('database or disk is full');
    expect(idsUniqueIn(db)).toBe('log');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'events_with%'").all()).toEqual([]);
    db.close();
    expect(rows()).toEqual(before);

    expect(upgrade()).toEqual({ copied: 200, ids: 'stream' });
    expect(rows()).toEqual(before);
  });

  it('leaves a log of today alone, and a log it upgraded', async () => {
    const store = new SqliteEventStore({ path });
    await store.append('insured-123455-A', [acquired(ids[0]!)], 'no_stream');
    await store.close();
    const before = rows();
    expect(upgrade()).toEqual({ copied: undefined, ids: 'stream' });
    expect(rows()).toEqual(before);

    rmSync(path);
    makeLogOfBefore20261205(path);
    expect(upgrade().copied).toBe(0);
    expect(upgrade()).toEqual({ copied: undefined, ids: 'stream' });
  });
});
