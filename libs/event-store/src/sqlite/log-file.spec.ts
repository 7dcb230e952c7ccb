import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLogWriteError, NotAnEventLogError } from '../errors';
import { damagedEventLog } from './not-an-event-log';
import { SqliteEventStore } from './sqlite-event-store';

const tablesOf = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  const names = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  db.close();
  return names;
};

describe('the file the embedded store keeps its log in', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'ledger-log-file-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('is refused when it is another SQLite database, which is left without the log’s tables', () => {
    const path = join(directory, 'events.db');
    const other = new Database(path);
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('not a ledger')");
    other.close();
    expect(() => new SqliteEventStore({ path })).toThrow(
      new NotAnEventLogError(path, "it is an SQLite database without the event log's tables"),
    );
    expect(tablesOf(path)).toEqual(['notes']);
  });

  it('is refused when it is no SQLite database, and its bytes are left as they were', () => {
    const path = join(directory, 'events.db');
    const bytes = 'a spreadsheet saved under the wrong name, longer than the 100 bytes of an SQLite header. '.repeat(2);
    writeFileSync(path, bytes);
    expect(() => new SqliteEventStore({ path })).toThrow(NotAnEventLogError);
    expect(() => new SqliteEventStore({ path })).toThrow('it is not an SQLite database');
    expect(readFileSync(path, 'utf8')).toBe(bytes);
  });

  it('is refused as a damaged log when it lost one of its two tables, which is not made again', async () => {
    const path = join(directory, 'events.db');
    const store = new SqliteEventStore({ path });
    await store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    await store.close();
    const db = new Database(path);
    db.exec('DROP TABLE streams');
    db.close();
    const reason = "it holds the event log's events table but not its streams table: the log is damaged";
    expect(damagedEventLog(path)).toBe(reason);
    expect(() => new SqliteEventStore({ path })).toThrow(new NotAnEventLogError(path, reason));
    expect(tablesOf(path)).toEqual(['events']);
  });

  it('is no damaged log when it is another database, one with a table of its own called events too, or the log whole', async () => {
    for (const table of ['notes (text TEXT)', 'events (id INTEGER PRIMARY KEY, title TEXT, starts_at TEXT)']) {
      const other = join(directory, 'other.db');
      rmSync(other, { force: true });
      const db = new Database(other);
      db.exec(`CREATE TABLE ${table}`);
      db.close();
      expect(damagedEventLog(other)).toBeUndefined();
      expect(() => new SqliteEventStore({ path: other })).toThrow(
        new NotAnEventLogError(other, "it is an SQLite database without the event log's tables"),
      );
    }
    const path = join(directory, 'events.db');
    await new SqliteEventStore({ path }).close();
    expect(damagedEventLog(path)).toBeUndefined();
  });

  it('becomes a new log when it is missing or empty, and opens again as the same log', async () => {
    const empty = join(directory, 'empty.db');
    writeFileSync(empty, '');
    for (const path of [empty, join(directory, 'missing.db')]) {
      const store = new SqliteEventStore({ path });
      await store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
      await store.close();
      const reopened = new SqliteEventStore({ path });
      expect(await reopened.headPosition()).toBe(1);
      await reopened.close();
      expect(tablesOf(path)).toEqual(['events', 'streams']);
    }
  });

  it('is synced at every commit (synchronous=FULL), so an acknowledged append survives a power cut', async () => {
    const path = join(directory, 'events.db');
    const store = new SqliteEventStore({ path });
    // The connection's setting is what can be observed short of cutting the power.
    const { db } = store as unknown as { db: Database.Database };
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();
  });

  it('that refuses a commit (read-only) is named in the error, and nothing of the append is written', async () => {
    const path = join(directory, 'events.db');
    const store = new SqliteEventStore({ path });
    // What SQLite does with a file it may only read: it opens it anyway and refuses the first write.
    const { db } = store as unknown as { db: Database.Database };
    db.pragma('query_only = ON');
    const append = store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    await expect(append).rejects.toThrow(EventLogWriteError);
    await expect(append).rejects.toMatchObject({
      path,
      code: 'SQLITE_READONLY',
      message: `the event log at ${path} could not be written (attempt to write a readonly database); nothing of the append was written`,
    });
    db.pragma('query_only = OFF');
    expect(await store.headPosition()).toBe(0);
    await store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    expect(await store.headPosition()).toBe(1);
    await store.close();
  });
});
