import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureLedger, ledger, tamper, tamperedLedgerOfMyNumberId } from './support/cli-fixtures';
import { myNumber } from './support/read-side-population';
import { temporaryDirectory } from './support/ledger-processes';

interface VerifyReport {
  intact: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBreak?: { stream: string; revision: number; position: number; problem: string; detail: string };
  digest?: string;
}

const verify = (dataDirectory: string) => {
  const run = ledger(['verify', '--json', '--data-dir', dataDirectory]);
  return { run, report: JSON.parse(run.stdout) as VerifyReport };
};

/** Two consecutive log positions of one stream, and the stream. */
function adjacentPair(dataDirectory: string): { first: number; stream: string } {
  let found: { first: number; stream: string } | undefined;
  tamper(dataDirectory, (db) => {
    found = db
      .prepare<[], { first: number; stream: string }>(
        `SELECT a.position AS first, a.stream AS stream FROM events a JOIN events b
         ON b.position = a.position + 1 AND b.stream = a.stream ORDER BY a.position DESC LIMIT 1`,
      )
      .get();
  });
  return found!;
}

describe('R41: ledger verify as a process', () => {
  let clean: string;
  let digest: string;

  beforeAll(async () => {
    clean = await fixtureLedger();
  });

  it('an untouched ledger verifies: exit 0, a summary and the log digest', () => {
    const { run, report } = verify(clean);
    expect(run.status).toBe(0);
    expect(report).toMatchObject({ intact: true, streamsChecked: expect.any(Number) as number });
    expect(report.eventsChecked).toBeGreaterThan(50);
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    digest = report.digest!;
    const text = ledger(['verify', '--data-dir', clean]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`log digest: ${digest}`);
    expect(text.stderr).toContain('verifying');
  });

  it('the digest is the same on every run over the same log', () => {
    expect(verify(clean).report.digest).toBe(digest);
  });

  it('finds an altered event: exit 1, the stream, revision and what is wrong', async () => {
    const altered = await fixtureLedger();
    tamper(altered, (db) =>
      db
        .prepare(
          `UPDATE events SET data = json_set(data, '$.address', '偽') WHERE stream = 'insured-123455-U0000001' AND revision = 0`,
        )
        .run(),
    );
    const { run, report } = verify(altered);
    expect(run.status).toBe(1);
    expect(report.intact).toBe(false);
    expect(report.firstBreak).toMatchObject({ stream: 'insured-123455-U0000001', revision: 0, problem: 'altered' });
    expect(report.digest).toBeUndefined();
    const text = ledger(['verify', '--data-dir', altered]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('BROKEN: insured-123455-U0000001 revision 0');
    expect(text.stdout).toContain('altered: the content does not match its hash');
  });

  it('finds an event whose stored data is no longer JSON: exit 1, the stream, revision and position', async () => {
    const damaged = await fixtureLedger();
    tamper(damaged, (db) =>
      db
        .prepare(`UPDATE events SET data = '{"address":' WHERE stream = 'insured-123455-U0000001' AND revision = 0`)
        .run(),
    );
    const text = ledger(['verify', '--data-dir', damaged]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(
      /^BROKEN: insured-123455-U0000001 revision 0 \(log position \d+\): altered: its stored data is not JSON/,
    );
  });

  it('names a broken stream stored under a My Number by its log position, never by the number', async () => {
    const data = await tamperedLedgerOfMyNumberId(myNumber, `UPDATE events SET data = json_set(data, '$.name', '偽')`);
    const { run, report } = verify(data);
    expect(run.status).toBe(1);
    expect(report.firstBreak).toMatchObject({ stream: 'insured-123455-[redacted]', revision: 0, problem: 'altered' });
    const text = ledger(['verify', '--data-dir', data]);
    expect(text.stdout).toMatch(/^BROKEN: insured-123455-\[redacted\] revision 0 \(log position 1\): altered/);
    expect(run.stdout + text.stdout + text.stderr).not.toContain(myNumber);
  });

  it('finds a removed event: exit 1', async () => {
    const removed = await fixtureLedger();
    tamper(removed, (db) =>
      db.prepare(`DELETE FROM events WHERE stream = 'insured-123455-R0000001' AND revision = 1`).run(),
    );
    const { run, report } = verify(removed);
    expect(run.status).toBe(1);
    expect(report.firstBreak).toMatchObject({ stream: 'insured-123455-R0000001', revision: 2, problem: 'removed' });
  });

  it("finds the last event cut from a stream's end, which leaves its chain intact in itself: exit 1", async () => {
    const cut = await fixtureLedger();
    tamper(cut, (db) =>
      db
        .prepare(
          `DELETE FROM events WHERE position = (SELECT max(position) FROM events WHERE stream = 'insured-123455-R0000001')`,
        )
        .run(),
    );
    let lastLeft: { revision: number; position: number } | undefined;
    tamper(cut, (db) => {
      lastLeft = db
        .prepare<[], { revision: number; position: number }>(
          `SELECT revision, position FROM events WHERE stream = 'insured-123455-R0000001' ORDER BY revision DESC LIMIT 1`,
        )
        .get();
    });
    const { run, report } = verify(cut);
    expect(run.status).toBe(1);
    // The revision and the position named are those of one event: the last one left.
    expect(report.firstBreak).toMatchObject({ stream: 'insured-123455-R0000001', problem: 'removed', ...lastLeft });
    expect(report.firstBreak!.detail).toContain('missing from the end of the stream, after this one');
  });

  it('finds two events of a stream swapped in the log: exit 1', async () => {
    const swapped = await fixtureLedger();
    const { first, stream } = adjacentPair(swapped);
    tamper(swapped, (db) =>
      db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(first);
        db.prepare('UPDATE events SET position = ? WHERE position = ?').run(first, first + 1);
        db.prepare('UPDATE events SET position = ? WHERE position = -1').run(first + 1);
      })(),
    );
    const { run, report } = verify(swapped);
    expect(run.status).toBe(1);
    expect(report.firstBreak).toMatchObject({ stream, position: first, problem: 'reordered' });
  });

  it('a directory without a ledger is a usage error: exit 2, nothing created', () => {
    const empty = join(temporaryDirectory(), 'nothing');
    const run = ledger(['verify', '--data-dir', empty]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no ledger at');
    expect(run.stdout).toBe('');
    expect(existsSync(empty)).toBe(false);
  });

  it('an empty events.db, or one that is no SQLite database, is no ledger: exit 2, the file left as it was', () => {
    const emptyFile = temporaryDirectory();
    writeFileSync(join(emptyFile, 'events.db'), '');
    const empty = ledger(['verify', '--data-dir', emptyFile]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain(`no ledger at ${join(emptyFile, 'events.db')} (it is an empty file)`);
    expect(empty.stdout).toBe('');
    expect(statSync(join(emptyFile, 'events.db')).size).toBe(0);
    const garbage = temporaryDirectory();
    const bytes = 'not a database, and longer than a SQLite header of one hundred bytes: '.repeat(4);
    writeFileSync(join(garbage, 'events.db'), bytes);
    writeFileSync(join(garbage, 'none.ndjson'), '');
    for (const args of [['verify'], ['stats'], ['import', join(garbage, 'none.ndjson')]]) {
      const run = ledger([...args, '--data-dir', garbage]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`no ledger at ${join(garbage, 'events.db')} (it is not an SQLite database)`);
    }
    expect(readFileSync(join(garbage, 'events.db'), 'utf8')).toBe(bytes);
  });

  it('a log that lost its streams table is damaged: exit 1 saying so, not "no ledger", and the table is not made again', async () => {
    const damaged = await fixtureLedger();
    tamper(damaged, (db) => db.exec('DROP TABLE streams'));
    writeFileSync(join(damaged, 'none.ndjson'), '');
    for (const args of [['verify'], ['stats'], ['import', join(damaged, 'none.ndjson')]]) {
      const run = ledger([...args, '--data-dir', damaged]);
      expect({ args, status: run.status }).toEqual({ args, status: 1 });
      // verify reports it as its finding, the others as the error that stopped them.
      expect(args[0] === 'verify' ? run.stdout : run.stderr).toContain(
        `the ledger at ${join(damaged, 'events.db')} cannot be opened (it holds the event log's events table but ` +
          'not its streams table: the log is damaged); nothing was changed in it: restore it from a backup',
      );
    }
    const db = new Database(join(damaged, 'events.db'), { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual([
      'events',
    ]);
    db.close();
  });

  it('a log SQLite finds damaged pages in is a finding: exit 1 naming the file, and JSON that says so', async () => {
    const damaged = await fixtureLedger();
    const path = join(damaged, 'events.db');
    const file = readFileSync(path);
    // The header and the schema's page stay; the pages of the events and their indexes are overwritten.
    file.fill(0x41, 8192);
    writeFileSync(path, file);
    const { run, report } = verify(damaged);
    expect(run.status).toBe(1);
    expect(report).toMatchObject({
      intact: false,
      damaged: { file: path, detail: 'database disk image is malformed' },
    });
    expect(report.digest).toBeUndefined();
    const told = `the ledger at ${path} cannot be read (database disk image is malformed): restore it from a backup`;
    const text = ledger(['verify', '--data-dir', damaged]);
    expect(text.status).toBe(1);
    expect(text.stdout).toBe(`DAMAGED: ${told}\n`);
    const stats = ledger(['stats', '--data-dir', damaged]);
    expect(stats.status).toBe(1);
    expect(stats.stderr).toBe(`ledger: ${told}\n`);
  });

  it('an events.db that is a directory is no ledger: exit 2, saying so rather than blaming read-only media', () => {
    const data = temporaryDirectory();
    mkdirSync(join(data, 'events.db'));
    writeFileSync(join(data, 'none.ndjson'), '');
    for (const args of [['verify'], ['stats'], ['import', join(data, 'none.ndjson')]]) {
      const run = ledger([...args, '--data-dir', data]);
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr).toContain(`no ledger at ${join(data, 'events.db')} (it is a directory)`);
    }
    expect(readdirSync(join(data, 'events.db'))).toEqual([]);
  });

  it('another SQLite database, even with changes still in its -wal, is no ledger, to verify or import into, and its files are left as they were', () => {
    const source = temporaryDirectory();
    const other = new Database(join(source, 'events.db'));
    other.pragma('journal_mode = WAL');
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept in the -wal until a checkpoint')");
    // Copied while the writer holds it open: the copy's row is only in its -wal, as after a crash.
    const foreign = temporaryDirectory();
    for (const file of ['events.db', 'events.db-wal', 'events.db-shm']) cpSync(join(source, file), join(foreign, file));
    other.close();
    // The -shm is only the -wal's index in shared memory, which any reader rebuilds; the data is in the other two.
    const contents = () =>
      Object.fromEntries(
        ['events.db', 'events.db-wal'].map((file) => [file, readFileSync(join(foreign, file)).toString('base64')]),
      );
    const before = contents();
    const lines = join(temporaryDirectory(), 'none.ndjson');
    writeFileSync(lines, '');
    // Import creates a ledger where there is none, but adds no table to another database.
    for (const args of [['verify'], ['import', lines]]) {
      const run = ledger([...args, '--data-dir', foreign]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("(it is an SQLite database without the event log's tables)");
      expect(contents()).toEqual(before);
      expect(readdirSync(foreign).sort()).toEqual(['events.db', 'events.db-shm', 'events.db-wal']);
    }
  });

  it("a store SQLite cannot open is named with what the store needs, not only SQLite's words: exit 1", () => {
    // A -wal that cannot be created fails as read-only media does (SQLITE_CANTOPEN); root, which
    // runs these tests, writes to read-only files.
    const unopenable = temporaryDirectory();
    cpSync(join(clean, 'events.db'), join(unopenable, 'events.db'));
    mkdirSync(join(unopenable, 'events.db-wal'));
    const run = ledger(['verify', '--data-dir', unopenable]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`cannot open ${join(unopenable, 'events.db')} (unable to open database file)`);
    expect(run.stderr).toContain('on read-only media, copy the data directory to a writable place first');
  });

  it('reads LEDGER_DATA_DIR when --data-dir is not given; a bad LEDGER_STORE exits 2 naming it', () => {
    expect(ledger(['verify'], { LEDGER_DATA_DIR: clean }).status).toBe(0);
    const run = ledger(['verify'], { LEDGER_DATA_DIR: clean, LEDGER_STORE: 'postgres' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('LEDGER_STORE must be one of sqlite, eventstoredb');
  });
});
