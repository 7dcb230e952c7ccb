import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fixtureLedger,
  ledger,
  openPerson,
  restrictedPerson,
  tamperedLedgerOfMyNumberId,
} from './support/cli-fixtures';
import { myNumber } from './support/read-side-population';
import { cliEntry, eventually, runApiExpectingExit, startApi, temporaryDirectory } from './support/ledger-processes';

const readModels = (dataDirectory: string) => new Database(join(dataDirectory, 'read-models.db'));
const auditRows = (db: Database.Database) => db.prepare('SELECT * FROM audit_trail ORDER BY position').all();
const stateOf = (db: Database.Database, stream: string) =>
  db
    .prepare<[string], { state: string; revision: number }>(
      'SELECT state, revision FROM person_states WHERE stream = ?',
    )
    .get(stream);

describe('ledger rebuild as a process', () => {
  it('rebuilds every read model up to the head, with progress lines on stderr when not on a terminal', async () => {
    const dataDirectory = await fixtureLedger(3);
    const run = ledger(['rebuild', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^rebuild: \d+\/\d+ events, \d+ events\/s, ETA \d+ s$/m);
    const { rebuilt, checkpoint } = JSON.parse(run.stdout) as { rebuilt: string[]; checkpoint: number };
    expect(rebuilt).toEqual(['qualification', 'audit-trail', 'eligibility-index', 'document-index']);
    const stats = JSON.parse(ledger(['stats', '--data-dir', dataDirectory]).stdout) as { headPosition: number };
    expect(checkpoint).toBe(stats.headPosition);
  });

  it('replaces read models damaged beyond reading, which only a full rebuild may, and names the file otherwise', async () => {
    const dataDirectory = await fixtureLedger(3);
    const path = join(dataDirectory, 'read-models.db');
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
    const file = readFileSync(path);
    file.write('no SQLite here', 0);
    writeFileSync(path, file);
    for (const args of [['stats'], ['rebuild', '--projection', 'audit-trail']]) {
      const refused = ledger([...args, '--data-dir', dataDirectory]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`the read models at ${path} cannot be read (`);
      expect(refused.stderr).toContain('`ledger rebuild` builds them again from the log');
    }
    const run = ledger(['rebuild', '--data-dir', dataDirectory]);
    expect(run.stderr).toContain(`rebuild: ${path} cannot be read (`);
    expect(run.status).toBe(0);
    const stats = JSON.parse(ledger(['stats', '--data-dir', dataDirectory]).stdout) as { headPosition: number };
    expect((JSON.parse(run.stdout) as { checkpoint: number }).checkpoint).toBe(stats.headPosition);
  });

  it('names the read models file when its header reads well and pages after it are damaged', async () => {
    const dataDirectory = await fixtureLedger(3);
    const path = join(dataDirectory, 'read-models.db');
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
    const file = readFileSync(path);
    // The header and the schema's first page stay; the tables' pages after them are overwritten.
    file.fill(0xff, 8192);
    writeFileSync(path, file);
    for (const args of [['stats'], ['rebuild', '--projection', 'audit-trail']]) {
      const refused = ledger([...args, '--data-dir', dataDirectory]);
      expect({ args, status: refused.status }).toEqual({ args, status: 1 });
      expect(refused.stderr).toContain(`the read models at ${path} cannot be read (database disk image is malformed)`);
    }
  });

  it('--projection rebuilds that projection only, after catching the live read models up to the log', async () => {
    const dataDirectory = await fixtureLedger(3);
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
    const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db') });
    const registered = await store.append(
      openPerson,
      [{ type: 'CardRegistered', data: { registeredOn: '2025-02-01', channel: 'portal' } }],
      'any',
    );
    const head = await store.headPosition();
    await store.close();
    let db = readModels(dataDirectory);
    const auditBefore = auditRows(db);
    const openBefore = stateOf(db, openPerson)!;
    db.exec(`DELETE FROM audit_trail WHERE position % 2 = 0;
             UPDATE person_states SET revision = 99 WHERE stream = '${restrictedPerson}'`);
    db.close();

    const run = ledger(['rebuild', '--projection', 'audit-trail', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rebuilt: ['audit-trail'], checkpoint: head });
    db = readModels(dataDirectory);
    try {
      const audit = auditRows(db);
      expect(audit.slice(0, -1)).toEqual(auditBefore);
      expect(audit.at(-1)).toMatchObject({ stream: openPerson, type: 'CardRegistered', position: head });
      expect(stateOf(db, restrictedPerson)!.revision).toBe(99);
      // The live qualification read model caught up too: its state is that of the registration.
      expect(openBefore.revision).toBeLessThan(registered.revision);
      expect(stateOf(db, openPerson)!.revision).toBe(registered.revision);
    } finally {
      db.close();
    }
  });

  it('--projection is refused beside read models ahead of the log, which a full rebuild builds again from it', async () => {
    const [bigger, smaller] = [await fixtureLedger(6), await fixtureLedger(2)];
    expect(ledger(['rebuild', '--data-dir', bigger]).status).toBe(0);
    writeFileSync(join(smaller, 'read-models.db'), readFileSync(join(bigger, 'read-models.db')));
    const before = auditRows(readModels(smaller)).length;
    const refused = ledger(['rebuild', '--projection', 'qualification', '--data-dir', smaller]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('the read models are ahead of the log');
    expect(refused.stdout).toBe('');
    expect(auditRows(readModels(smaller))).toHaveLength(before);
    const full = ledger(['rebuild', '--data-dir', smaller]);
    expect(full.status).toBe(0);
    expect(full.stderr).toMatch(/is ahead of the log \(checkpoint \d+, head \d+\); it is built again from the log/);
    const stats = JSON.parse(ledger(['stats', '--data-dir', smaller]).stdout) as Record<string, unknown>;
    expect(JSON.stringify(stats)).not.toContain('aheadOfLog');
  });

  it('refuses to run beside another rebuild of the same data directory, and leaves its files alone', async () => {
    const dataDirectory = await fixtureLedger(3);
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
    const before = auditRows(readModels(dataDirectory));
    // Another rebuild holds the lock, as a running `ledger rebuild` does, with a file half-built beside the live one.
    const running = new Database(join(dataDirectory, 'locks', 'read-models.lock'));
    running.exec('BEGIN EXCLUSIVE');
    writeFileSync(join(dataDirectory, 'read-models.db.rebuild'), 'being built');
    try {
      for (const args of [[], ['--projection', 'audit-trail']]) {
        const run = ledger(['rebuild', '--data-dir', dataDirectory, ...args]);
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(
          `a ledger API or a rebuild of its read models is already running on ${dataDirectory}: stop it`,
        );
      }
      expect(readFileSync(join(dataDirectory, 'read-models.db.rebuild'), 'utf8')).toBe('being built');
    } finally {
      running.close();
    }
    expect(auditRows(readModels(dataDirectory))).toEqual(before);
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
  });

  it.each([[[]], [['--projection', 'audit-trail']]])(
    'interrupted (Ctrl-C), leaves no half-built file beside the live read models (%j)',
    async (args) => {
      const dataDirectory = await fixtureLedger(3000);
      const child = spawn(process.execPath, [cliEntry, 'rebuild', '--data-dir', dataDirectory, ...args]);
      const ended = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_, signal) => done(signal)));
      const building = () => readdirSync(dataDirectory).filter((name) => name.startsWith('read-models.db.rebuild'));
      try {
        await eventually('the rebuild has begun', () => building().length > 0, 30_000);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      child.kill('SIGINT');
      expect(await ended).toBe('SIGINT');
      expect(building()).toEqual([]);
    },
    120_000,
  );

  it('is refused while an API runs on the data directory, which would go on writing the file it replaced', async () => {
    const dataDirectory = await fixtureLedger(3);
    const api = await startApi({ LEDGER_DATA_DIR: dataDirectory });
    try {
      const run = ledger(['rebuild', '--data-dir', dataDirectory]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `a ledger API or a rebuild of its read models is already running on ${dataDirectory}`,
      );
      const second = await runApiExpectingExit({ LEDGER_DATA_DIR: dataDirectory });
      expect(second.status).not.toBe(0);
      expect(`${second.stdout}${second.stderr}`).toContain(
        'a ledger API or a rebuild of its read models is already running',
      );
    } finally {
      await api.stop();
    }
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
  });

  it('on a directory without a ledger, is a usage error and creates nothing', () => {
    const dataDirectory = join(temporaryDirectory(), 'nothing-here');
    const run = ledger(['rebuild', '--data-dir', dataDirectory]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no ledger at');
    expect(existsSync(dataDirectory)).toBe(false);
  });

  it('fails on an event it cannot read, naming its stream without the My Number a log from before ids were checked named it by', async () => {
    const dataDirectory = await tamperedLedgerOfMyNumberId(myNumber, `UPDATE events SET data = '{"name":'`);
    const run = ledger(['rebuild', '--data-dir', dataDirectory]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ledger: rebuild stopped: stream insured-123455-[redacted] revision 0');
    expect(run.stdout + run.stderr).not.toContain(myNumber);
  });

  it('an unknown projection is a usage error naming the projections', () => {
    const run = ledger(['rebuild', '--projection', 'everything', '--data-dir', '/nonexistent']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('must be one of qualification, audit-trail');
  });
});
