import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyStore } from '@ledger/access/keys';
import { linesPerCheckpoint } from '../apps/ledger-cli/src/import/import-batch';
import { ledger } from './support/cli-fixtures';
import { enrolmentBody } from './support/commands';
import { cliEntry, eventually, temporaryDirectory } from './support/ledger-processes';
import { makeUnwritable } from './support/unwritable-file';

interface Tally {
  lines: number;
  done: number;
  skipped: number;
  applied: number;
  repeated: number;
  unchanged: number;
  refused: number;
}

function eventCount(dataDirectory: string): number {
  const path = join(dataDirectory, 'events.db');
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS count FROM events').get() as { count: number }).count;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the importer is still creating the file
  }
}

/** What was applied, without when: the same commands applied once each give the same rows. */
function appliedEvents(dataDirectory: string): unknown[] {
  const db = new Database(join(dataDirectory, 'events.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT stream, revision, id, type, data, json_extract(metadata, '$.idempotencyKey') AS idempotencyKey
         FROM events ORDER BY stream, revision`,
      )
      .all();
  } finally {
    db.close();
  }
}

const importInto = (dataDirectory: string, file: string) => ledger(['import', file, '--data-dir', dataDirectory]);

describe('ledger import as a process', () => {
  let file: string;
  let reference: string;
  let lines: number;

  beforeAll(() => {
    file = join(temporaryDirectory(), 'commands.ndjson');
    // Long enough that a run outlives its first checkpoints by far: the kill below lands between two.
    const generated = ledger(['generate', '--persons', '400', '--seed', '5']);
    expect(generated.status).toBe(0);
    writeFileSync(file, generated.stdout);
    lines = generated.stdout.trim().split('\n').length;
    reference = join(temporaryDirectory(), 'reference');
    const run = importInto(reference, file);
    expect(run.status).toBe(0);
    const tally = JSON.parse(run.stdout) as Tally;
    expect(tally).toMatchObject({ lines, done: lines, repeated: 0, refused: 0 });
    expect(tally.applied + tally.unchanged).toBe(lines);
  }, 240_000);

  it('killed with SIGKILL half-way and run again, applies every command exactly once', async () => {
    const dataDirectory = join(temporaryDirectory(), 'data');
    const total = eventCount(reference);
    const child = spawn(process.execPath, [cliEntry, 'import', file, '--data-dir', dataDirectory], {
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_, signal) => done(signal)));
    const checkpointSaved = () =>
      existsSync(join(dataDirectory, 'imports')) &&
      readdirSync(join(dataDirectory, 'imports')).some((name) => name.endsWith('.line'));
    await eventually('the import to have saved a checkpoint', checkpointSaved, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const written = eventCount(dataDirectory);
    expect(written).toBeLessThan(total);

    const resumed = importInto(dataDirectory, file);
    expect(resumed.status).toBe(0);
    const tally = JSON.parse(resumed.stdout) as Tally;
    // Resumed after the last checkpoint: at most the lines applied since are run again, and found.
    expect(tally.skipped).toBeGreaterThan(0);
    expect(tally.repeated).toBeLessThanOrEqual(linesPerCheckpoint);
    expect(tally.skipped + tally.applied + tally.repeated + tally.unchanged).toBe(lines);
    expect(appliedEvents(dataDirectory)).toEqual(appliedEvents(reference));
    expect(ledger(['verify', '--data-dir', dataDirectory]).status).toBe(0);
  }, 240_000);

  it('run again on a complete ledger, applies nothing', () => {
    const before = appliedEvents(reference);
    const again = importInto(reference, file);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: lines, applied: 0, repeated: 0, refused: 0 });
    expect(appliedEvents(reference)).toEqual(before);
  }, 240_000);

  it('without its checkpoint, each line is found by its idempotency key, not written again', () => {
    const copy = join(temporaryDirectory(), 'copy');
    cpSync(reference, copy, { recursive: true });
    rmSync(join(copy, 'imports'), { recursive: true });
    const again = importInto(copy, file);
    expect(again.status).toBe(0);
    const tally = JSON.parse(again.stdout) as Tally;
    expect(tally.repeated).toBe(lines);
    expect(appliedEvents(copy)).toEqual(appliedEvents(reference));
  }, 240_000);

  it('a malformed line writes nothing: exit 2, the line and the field named', () => {
    const bad = join(temporaryDirectory(), 'bad.ndjson');
    const good = JSON.stringify({
      command: 'withdrawal',
      insurerNumber: '123455',
      personId: 'P1',
      idempotencyKey: 'k-1',
      lostOn: '2025-04-01',
      reason: 'moved-out',
    });
    writeFileSync(
      bad,
      `${good}\n\n{"command":"withdrawal","insurerNumber":"123456","personId":"P1","idempotencyKey":"k-2"}\n`,
    );
    const dataDirectory = join(temporaryDirectory(), 'data');
    const run = importInto(dataDirectory, bad);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/line 3: .*insurerNumber/);
    expect(run.stderr).toContain('1 of 2 lines are malformed: nothing was imported');
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
  });

  it('reads a file that begins with a byte order mark; refuses a Shift_JIS name rather than keep it as U+FFFD', () => {
    const enrolment = (personId: string) => ({
      command: 'enrolment',
      insurerNumber: '123455',
      personId,
      idempotencyKey: `k-${personId}`,
      ...enrolmentBody,
    });
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const utf8 = Buffer.from(`${JSON.stringify(enrolment('BOM-1'))}\n`);
    // 山田 in Shift_JIS, where UTF-8 is expected.
    const [before, after] = JSON.stringify(enrolment('SJIS-1')).split('山田');
    const shiftJis = Buffer.concat([
      Buffer.from(before!),
      Buffer.from([0x8e, 0x52, 0x93, 0x63]),
      Buffer.from(`${after}\n`),
    ]);
    const mixed = join(temporaryDirectory(), 'mixed.ndjson');
    writeFileSync(mixed, Buffer.concat([bom, utf8, shiftJis]));
    const dataDirectory = join(temporaryDirectory(), 'data');
    const refused = importInto(dataDirectory, mixed);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('line 2: name: holds U+FFFD, the mark of bytes that were not UTF-8');
    expect(refused.stderr).not.toMatch(/line 1:/);
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
    const withBom = join(temporaryDirectory(), 'bom.ndjson');
    writeFileSync(withBom, Buffer.concat([bom, utf8]));
    const imported = importInto(dataDirectory, withBom);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ lines: 1, applied: 1 });
  });

  it('a line longer than an API batch line (64 KB) is refused by its number, not read whole: nothing is imported', () => {
    const long = join(temporaryDirectory(), 'long.ndjson');
    const command = { command: 'withdrawal', insurerNumber: '123455', personId: 'P1', idempotencyKey: 'k-1' };
    writeFileSync(long, `${JSON.stringify({ ...command, lostOn: '2025-04-01', padding: 'x'.repeat(200_000) })}\n`);
    const dataDirectory = join(temporaryDirectory(), 'data');
    const run = importInto(dataDirectory, long);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('line 1: the line is longer than 65536 bytes');
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
  });

  it('refuses a pipe or a directory (exit 2) rather than import nothing: the file is read twice', () => {
    const dataDirectory = join(temporaryDirectory(), 'data');
    const piped = spawnSync(process.execPath, [cliEntry, 'import', '/dev/stdin', '--data-dir', dataDirectory], {
      input: readFileSync(file, 'utf8'),
      encoding: 'utf8',
    });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain('/dev/stdin is not a regular file');
    const directory = importInto(dataDirectory, temporaryDirectory());
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain('is not a regular file');
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
  });

  it('ends with an error where the file system takes no directory (/proc), rather than hang', () => {
    const run = ledger(['import', file, '--data-dir', '/proc/ledger-data', '--actor', 'clerk']);
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(run.stderr).toContain("ENOENT: no such file or directory, mkdir '/proc/ledger-data'");
  });

  it('into a log it may read but not write, names the file and imports nothing (exit 1)', () => {
    const dataDirectory = join(temporaryDirectory(), 'read-only');
    const [first] = ledger(['generate', '--persons', '1', '--seed', '3']).stdout.trim().split('\n') as [string];
    const one = join(temporaryDirectory(), 'one.ndjson');
    writeFileSync(one, `${first}\n`);
    expect(ledger(['import', one, '--data-dir', dataDirectory]).status).toBe(0);
    const before = appliedEvents(dataDirectory);
    const path = join(dataDirectory, 'events.db');
    const giveBack = makeUnwritable(path);
    if (!giveBack) {
      console.warn('skipped: this machine cannot make a file unwritable for root (no immutable attribute)');
      return;
    }
    try {
      const run = importInto(dataDirectory, file);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`ledger: the event log at ${path} could not be written (`);
      expect(run.stdout).toBe('');
    } finally {
      giveBack();
    }
    expect(appliedEvents(dataDirectory)).toEqual(before);
  });

  it('refuses an empty --actor (exit 2): each event records who imported it', () => {
    const dataDirectory = join(temporaryDirectory(), 'data');
    const run = ledger(['import', file, '--data-dir', dataDirectory, '--actor', '']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--actor.*must name who acts/);
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
  });

  it('refuses an --actor holding a My Number (exit 2), without repeating it: each event records the actor', () => {
    const dataDirectory = join(temporaryDirectory(), 'data');
    const run = ledger(['import', file, '--data-dir', dataDirectory, '--actor', 'clerk 123456789018']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--actor.*must not hold a My Number/);
    expect(run.stdout + run.stderr).not.toContain('123456789018');
    expect(existsSync(join(dataDirectory, 'events.db'))).toBe(false);
  });

  it('R1: a line refused by a rule is reported with the rule; the others are applied; exit 1', () => {
    const refusedFile = join(temporaryDirectory(), 'refused.ndjson');
    const [first] = ledger(['generate', '--persons', '1', '--seed', '2']).stdout.trim().split('\n') as [string];
    const enrolment = JSON.parse(first) as Record<string, unknown>;
    writeFileSync(refusedFile, `${first}\n${JSON.stringify({ ...enrolment, idempotencyKey: 'again' })}\n`);
    const dataDirectory = join(temporaryDirectory(), 'data');
    const run = importInto(dataDirectory, refusedFile);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 2 refused (ALREADY_QUALIFIED): R1: ');
    expect(JSON.parse(run.stdout)).toMatchObject({ applied: 1, refused: 1 });

    const again = importInto(dataDirectory, refusedFile);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('line 2 refused in an earlier run (ALREADY_QUALIFIED): R1: ');
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: 2, applied: 0, refused: 1 });
  });

  it('on a ledger restored from before the import, does not trust its checkpoint: every command is applied again', () => {
    const restored = join(temporaryDirectory(), 'restored');
    cpSync(reference, restored, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(restored, `events.db${suffix}`), { force: true });
    const run = importInto(restored, file);

    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`no longer holds what an earlier import of this file wrote up to line ${lines}`);
    expect(JSON.parse(run.stdout)).toMatchObject({ skipped: 0, repeated: 0, refused: 0 });
    expect(appliedEvents(restored)).toEqual(appliedEvents(reference));
  }, 240_000);
});

describe('ledger keys as a process', () => {
  const dataDirectory = join(temporaryDirectory(), 'data');

  it('creates a key once, lists it without the key, revokes it', () => {
    const created = ledger([
      'keys',
      'create',
      '--role',
      'insurer-clerk',
      '--insurer',
      '123455',
      '--insurer',
      '06050116',
      // Named twice, kept once.
      '--insurer',
      '123455',
      '--data-dir',
      dataDirectory,
    ]);
    expect(created.status).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; role: string; insurers: string[] };
    expect(key).toMatchObject({ role: 'insurer-clerk', insurers: ['123455', '06050116'], source: 'created' });
    expect(key.key).toMatch(/^lk_/);
    expect(created.stderr).toContain('shown only this once');

    const listed = ledger(['keys', 'list', '--data-dir', dataDirectory]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toContain(key.key);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({ id: key.id, role: 'insurer-clerk' });

    const revoked = ledger(['keys', 'revoke', key.id, '--data-dir', dataDirectory]);
    expect(revoked.status).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: key.id, revokedAt: expect.any(String) as string });
  });

  it('revokes a key given as the key itself (a leaked one, created or configured), and never prints it back', () => {
    const created = ledger(['keys', 'create', '--role', 'auditor', '--data-dir', dataDirectory]);
    const key = JSON.parse(created.stdout) as { id: string; key: string };
    const revoked = ledger(['keys', 'revoke', key.key, '--data-dir', dataDirectory]);
    expect(revoked.status).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: key.id, revokedAt: expect.any(String) as string });
    // A configured key is any string; one unlisted since is revoked for good, so listing it again brings nothing back.
    const configured = 'Operator-chosen-secret-7f3a9c';
    const keys = new KeyStore(join(dataDirectory, 'access.db'));
    keys.addConfigured([{ key: configured, role: 'auditor' }]);
    keys.addConfigured([]);
    keys.close();
    const unlisted = ledger(['keys', 'revoke', configured, '--data-dir', dataDirectory]);
    expect(unlisted.status).toBe(0);
    const relisted = new KeyStore(join(dataDirectory, 'access.db'));
    relisted.addConfigured([{ key: configured, role: 'auditor' }]);
    expect(relisted.authenticate(configured)).toBeUndefined();
    relisted.close();
    const unknown = ledger(['keys', 'revoke', 'Never-a-key-of-this-ledger-42', '--data-dir', dataDirectory]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('ledger: no key has the id given, nor is it a key of this ledger\n');
    // `revoke` left out: the key is taken for a subcommand, refused, and not repeated either.
    const misplaced = ledger(['keys', configured, '--data-dir', dataDirectory]);
    expect(misplaced.status).toBe(2);
    expect(misplaced.stderr).toContain('keys has no subcommand of the name given');
    for (const run of [revoked, unlisted, unknown, misplaced]) {
      for (const secret of [key.key, configured, 'Never-a-key-of-this-ledger-42']) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    }
  });

  it('creates a medical-institution key bound to the institutions named, and refuses a wrong code or another role', () => {
    const created = ledger([
      'keys',
      'create',
      '--role',
      'medical-institution',
      '--medical-institution',
      '0110113719',
      '--data-dir',
      dataDirectory,
    ]);
    expect(created.status).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const keys = new KeyStore(join(dataDirectory, 'access.db'));
    expect(keys.authenticate(key)).toMatchObject({ role: 'medical-institution', medicalInstitutions: ['0110113719'] });
    keys.close();
    for (const [given, reason] of [
      [
        ['--role', 'medical-institution', '--medical-institution', '0110113718'],
        '--medical-institution: medical institution code check digit is wrong',
      ],
      [
        ['--role', 'auditor', '--medical-institution', '0110113719'],
        '--medical-institution: only a medical-institution key takes them',
      ],
    ] as const) {
      const refused = ledger(['keys', 'create', ...given, '--data-dir', dataDirectory]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(reason);
    }
  });

  it('an unknown id is a finding (exit 1); a bad scope or role is a usage error (exit 2)', () => {
    expect(ledger(['keys', 'revoke', 'key-000000000000', '--data-dir', dataDirectory]).status).toBe(1);
    const clerk = ledger(['keys', 'create', '--role', 'insurer-clerk', '--data-dir', dataDirectory]);
    expect(clerk.status).toBe(2);
    expect(clerk.stderr).toContain('--insurer: an insurer-clerk key needs at least one');
    const auditor = ledger(['keys', 'create', '--role', 'auditor', '--insurer', '123455', '--data-dir', dataDirectory]);
    expect(auditor.status).toBe(2);
    const role = ledger(['keys', 'create', '--role', 'root', '--data-dir', dataDirectory]);
    expect(role.status).toBe(2);
    expect(role.stderr).toContain("option '--role <role>' argument 'root' is invalid");
    expect(ledger(['keys']).status).toBe(2);
  });
});

describe('paths named after a My Number (DOMAIN.md §3.3)', () => {
  it('are printed [redacted] by import, verify, rebuild, replay and stats, as in their errors', () => {
    const myNumber = '123456789018';
    const base = temporaryDirectory();
    const dataDirectory = join(base, myNumber);
    const file = join(base, `${myNumber}.ndjson`);
    writeFileSync(file, ledger(['generate', '--persons', '3', '--seed', '9']).stdout);
    const runs = [
      ledger(['import', file, '--data-dir', dataDirectory, '--actor', 'clerk-1']),
      ledger(['verify', '--data-dir', dataDirectory]),
      ledger(['rebuild', '--data-dir', dataDirectory]),
      ledger([
        'replay',
        '--data-dir',
        dataDirectory,
        '--as-known-at',
        new Date().toISOString(),
        '--out',
        join(base, `${myNumber}-known.db`),
      ]),
      ledger(['stats', '--data-dir', dataDirectory]),
    ];
    for (const run of runs) {
      expect(run.status).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(myNumber);
    }
    expect(runs[0]!.stdout).toContain('[redacted].ndjson');
  });
});
