import { version } from '../package.json';
import Database from 'better-sqlite3';
import { KeyStore } from '@ledger/access/keys';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEntry, runCli, temporaryDirectory } from './support/ledger-processes';

describe('ledger CLI as a process', () => {
  it('--help prints the usage and the commands, exit 0', () => {
    const run = runCli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: ledger');
    expect(run.stdout).toContain('policy');
  });

  it('--version prints the package version, exit 0', () => {
    const run = runCli('--version');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('policy prints the dates and limits as JSON on stdout', () => {
    const run = runCli('policy');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ cutover: '2024-12-02', legacyCardLastValidDay: '2025-12-01' });
  });

  it('help for a command prints its usage, exit 0', () => {
    const run = runCli('policy', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: ledger policy');
  });

  it.each([['frobnicate'], ['--nope'], ['policy', '--nope'], []])(
    'a usage error (%s) exits 2 with the message on stderr',
    (...args: string[]) => {
      const run = runCli(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).not.toBe('');
    },
  );
});

describe('ledger generate', () => {
  it('writes the same NDJSON batch commands for the same seed', () => {
    const first = runCli('generate', '--persons', '50', '--seed', '7');
    const again = runCli('generate', '--persons', '50', '--seed', '7');
    expect(first.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const lines = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { command: string; personId: string; idempotencyKey: string });
    expect(lines[0]).toMatchObject({ command: 'enrolment', personId: 'P0000000' });
    expect(new Set(lines.map((line) => line.idempotencyKey)).size).toBe(lines.length);
    expect(runCli('generate', '--persons', '50', '--seed', '8').stdout).not.toBe(first.stdout);
  });

  it.each(['many', '', '0x10', '1e2', '-1', '2.5', '99999999999999999'])(
    'refuses --persons %p with exit 2: decimal digits only',
    (value) => {
      const run = runCli('generate', '--persons', value);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`option '--persons <count>' argument '${value}' is invalid`);
    },
  );
});

describe('every ledger command', () => {
  it.each([[[]], [['keys']], [['audit']]])(
    'is listed by %j --help with a summary of one whole sentence: the first line of its description',
    (group: string[]) => {
      const help = runCli(...group, '--help').stdout;
      const listed = help.slice(help.indexOf('Commands:\n') + 'Commands:\n'.length);
      // An entry starts at two spaces and its name; its summary may wrap onto lines indented further.
      const entries = listed.split(/\n(?= {2}\S)/).filter((entry) => !entry.trim().startsWith('help '));
      // The name and its summary are set apart by two spaces or more, as are the summary's wrapped lines.
      const summaries = entries.map((entry) =>
        entry
          .trim()
          .split(/\s{2,}/)
          .slice(1)
          .join(' '),
      );
      expect(summaries.length).toBeGreaterThan(0);
      for (const summary of summaries) expect(summary).toMatch(/^[A-Z].*\.$/);
    },
  );

  it.each([
    'verify',
    'replay',
    'audit',
    'audit export',
    'rebuild',
    'import',
    'keys',
    'keys create',
    'keys list',
    'keys revoke',
    'stats',
    'migrate',
    'upgrade-log',
    'generate',
    'policy',
  ])('%s --help shows its usage and an example, exit 0', (command) => {
    const run = runCli(...command.split(' '), '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: ledger ${command}`);
    expect(run.stdout).toMatch(/Example: npm run -s ledger -- /);
  });

  it.each([
    [['audit'], 'audit needs a subcommand'],
    [['keys'], 'keys needs a subcommand: create, list or revoke'],
    [['keys', '--data-dir', '/nonexistent/data'], 'keys needs a subcommand: create, list or revoke'],
    // A misspelt subcommand is named as such, not as an argument too many or its options as unknown.
    [['keys', 'lst', '--data-dir', '/nonexistent/data'], 'keys has no subcommand of the name given: create, list or'],
    [['audit', 'exprt'], 'audit has no subcommand of the name given: export'],
    [['replay', '--out', 'x.db'], "required option '--as-known-at <instant>' not specified"],
    [['migrate'], "required option '--to <connection-string>' not specified"],
    [['migrate', '--to', 'http://localhost:2113'], 'must be an esdb:// connection string'],
    [['import'], "missing required argument 'file'"],
    [['import', '/nonexistent/commands.ndjson'], 'no file /nonexistent/commands.ndjson'],
    [['keys', 'list', '--data-dir', '/nonexistent/data'], 'no data directory /nonexistent/data'],
    [['keys', 'revoke', 'key-1', '--data-dir', '/nonexistent/data'], 'no data directory /nonexistent/data'],
    [['keys', 'list', '--data-dir', 'package.json'], 'package.json is not a directory'],
    [['keys', 'create', '--role', 'auditor', '--data-dir', 'package.json'], 'package.json is not a directory'],
    [['verify', '--data-dir', 'package.json'], 'package.json is not a directory'],
    // An argument a command does not take would be dropped: the wrong ledger verified, a file not imported.
    [
      ['generate', '--seed', '4294967296'],
      "option '--seed <number>' argument '4294967296' is invalid. must be at most 4294967295.",
    ],
    [['verify', '/nonexistent/other-ledger'], "too many arguments for 'verify'"],
    [['rebuild', '/nonexistent/other-ledger'], "too many arguments for 'rebuild'"],
    [['import', 'a.ndjson', 'b.ndjson'], "too many arguments for 'import'. Expected 1 argument but got 2"],
    [['keys', 'list', 'extra'], "too many arguments for 'list'"],
    // Commander would keep the last value of an option given twice: the first is not silently dropped.
    [
      ['audit', 'export', '--insurer', '123455', '--insurer', '138057', '--from', '2025-01-01', '--to', '2025-12-31'],
      "option '--insurer <number>' is given more than once; give it once",
    ],
    [['generate', '--seed', '1', '--seed', '2'], "option '--seed <number>' is given more than once"],
  ])('%s is a usage error: exit 2, the reason on stderr, nothing on stdout', (args, reason) => {
    const run = runCli(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['stats', '--data-dir', ''], {}, '--data-dir must not be empty'],
    [['keys', 'create', '--role', 'auditor', '--data-dir', ''], {}, '--data-dir must not be empty'],
    [['keys', 'create', '--role', 'auditor'], { LEDGER_DATA_DIR: '' }, 'LEDGER_DATA_DIR must not be empty'],
    [['verify'], { LEDGER_DATA_DIR: '' }, 'LEDGER_DATA_DIR must not be empty'],
  ])(
    '%s with an empty data directory (%j) is a usage error, and nothing is made in the current directory',
    (args, environment, reason) => {
      const cwd = temporaryDirectory();
      const run = spawnSync(process.execPath, [cliEntry, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ...environment },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(reason);
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('an EventStoreDB connection string it cannot use is a usage error naming why, never its password', () => {
    const withPassword = 'esdb://admin:s3cretpw@127.0.0.1:1?tls=false&bogus=1';
    const option = runCli('migrate', '--to', withPassword);
    const variable = spawnSync(process.execPath, [cliEntry, 'stats'], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: withPassword },
    });
    for (const [run, named] of [
      [option, '--to must be an esdb:// connection string'],
      [variable, 'EVENTSTORE_CONNECTION_STRING'],
    ] as const) {
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(named);
      expect(run.stderr).toContain('Unknown option key "bogus": the client would ignore it');
      expect(run.stderr).not.toContain('s3cretpw');
      expect(run.stdout).toBe('');
    }
  });

  it('an output it cannot write (a full disk) ends in one line saying so, exit 1, not a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [cliEntry, 'generate', '--persons', '50'], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        'ledger: the output could not be written, and is incomplete: ENOSPC: no space left on device, write\n',
      );
    } finally {
      closeSync(full);
    }
  });

  it('a key store that is no SQLite file is named in the one line that says so: exit 1', () => {
    const dataDirectory = temporaryDirectory();
    const path = join(dataDirectory, 'access.db');
    writeFileSync(path, 'not a database, but long enough to be read as a page header of one: '.repeat(4));
    const run = runCli('keys', 'list', '--data-dir', dataDirectory);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`ledger: cannot open the key store ${path}: file is not a database\n`);
  });

  it('a key store another process holds locked past the wait is named in the one line that says so: exit 1', () => {
    const dataDirectory = temporaryDirectory();
    const path = join(dataDirectory, 'access.db');
    new KeyStore(path).close();
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const run = runCli('keys', 'create', '--role', 'auditor', '--data-dir', dataDirectory);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`ledger: cannot use the key store ${path}: database is locked\n`);
      expect(run.stdout).toBe('');
    } finally {
      holder.close();
    }
  }, 30_000);

  it('keys are neither made nor listed beside an events.db that is no ledger: exit 2, no access.db', () => {
    const dataDirectory = temporaryDirectory();
    writeFileSync(join(dataDirectory, 'events.db'), 'notes, not a ledger\n');
    for (const command of [['create', '--role', 'auditor'], ['list']]) {
      const run = runCli('keys', ...command, '--data-dir', dataDirectory);
      expect({ command, status: run.status, stdout: run.stdout }).toEqual({ command, status: 2, stdout: '' });
      expect(run.stderr).toMatch(/^ledger: no ledger at .*events\.db \(.*\): pass --data-dir/);
    }
    expect(readdirSync(dataDirectory)).toEqual(['events.db']);
  });

  it('a key that cannot be written out is revoked at once: nobody holds it', () => {
    const dataDirectory = temporaryDirectory();
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(
        process.execPath,
        [cliEntry, 'keys', 'create', '--role', 'auditor', '--data-dir', dataDirectory],
        { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^ledger: the key could not be written out \(ENOSPC: .*\): key-[0-9a-f]{12} is revoked\n$/,
      );
    } finally {
      closeSync(full);
    }
    const listed = runCli('keys', 'list', '--data-dir', dataDirectory);
    expect(JSON.parse(listed.stdout)).toMatchObject({ role: 'auditor', revokedAt: expect.any(String) as string });
  });

  it('replay without a ledger is a usage error and leaves nothing beside --out', () => {
    const directory = temporaryDirectory();
    const run = runCli(
      ...['replay', '--data-dir', join(directory, 'none'), '--as-known-at', '2025-01-01T00:00:00Z'],
      ...['--out', join(directory, 'known.db')],
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no ledger at');
    expect(readdirSync(directory)).toEqual([]);
  });
});
