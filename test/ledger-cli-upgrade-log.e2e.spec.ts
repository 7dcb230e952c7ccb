import Database from 'better-sqlite3';
import { idsUniqueIn, SqliteEventStore } from '@ledger/event-store';
import { holdDataDirectoryLock, logLayoutLock, readModelsLock } from '@ledger/projections';
import { generateHistories } from '@ledger/synthetic';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexIdsPerStream } from '@ledger/event-store';
import { makeLogOfBefore20261205 } from '../libs/event-store/src/sqlite/log-of-before-20261205.test-kit';
import { ledger } from './support/cli-fixtures';
import { temporaryDirectory } from './support/ledger-processes';

/** A ledger of generated histories in a log of the layout the store made before 2026-12-05. */
async function ledgerOfBefore20261205(persons: number): Promise<{ dataDirectory: string; events: number }> {
  const dataDirectory = join(temporaryDirectory(), 'data');
  mkdirSync(dataDirectory, { recursive: true });
  const path = join(dataDirectory, 'events.db');
  makeLogOfBefore20261205(path);
  const store = new SqliteEventStore({ path });
  let events = 0;
  for (const generated of generateHistories(persons, 5)) {
    const stream = `insured-${generated.insurerNumber}-${generated.personId}`;
    await store.append(stream, generated.events, 'any');
    events += generated.events.length;
  }
  await store.close();
  return { dataDirectory, events };
}

const idsOf = (dataDirectory: string) => {
  const db = new Database(join(dataDirectory, 'events.db'), { readonly: true });
  try {
    return idsUniqueIn(db);
  } finally {
    db.close();
  }
};

describe('ledger upgrade-log', () => {
  it('gives a log made before 2026-12-05 ids indexed per stream; it verifies after, and a second run changes nothing', async () => {
    const { dataDirectory, events } = await ledgerOfBefore20261205(30);
    expect(idsOf(dataDirectory)).toBe('log');
    const digestBefore = ledger(['verify', '--data-dir', dataDirectory]);
    expect(digestBefore.status).toBe(0);

    const logBytes = () => statSync(join(dataDirectory, 'events.db')).size;
    const bytesBefore = logBytes();
    const run = ledger(['upgrade-log', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    // The old table's pages are given back, not left free in a file twice the size.
    expect(logBytes()).toBeLessThan(bytesBefore * 1.5);
    expect(JSON.parse(run.stdout)).toEqual({
      log: join(dataDirectory, 'events.db'),
      upgraded: true,
      compacted: true,
      events,
    });
    expect(idsOf(dataDirectory)).toBe('stream');
    // The same events, chained as before: verify prints the same digest of the log.
    const digestAfter = ledger(['verify', '--data-dir', dataDirectory]);
    expect(digestAfter.status).toBe(0);
    expect(digestAfter.stdout).toBe(digestBefore.stdout);

    const again = ledger(['upgrade-log', '--data-dir', dataDirectory]);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ upgraded: false, compacted: false, events: 0 });
  });

  it('compacts a log a run stopped during VACUUM left upgraded, its old pages free', async () => {
    const { dataDirectory } = await ledgerOfBefore20261205(30);
    const path = join(dataDirectory, 'events.db');
    const db = new Database(path);
    indexIdsPerStream(db);
    db.close();
    const logBytes = () => statSync(path).size;
    const bytesUpgraded = logBytes();
    const digestBefore = ledger(['verify', '--data-dir', dataDirectory]).stdout;

    const run = ledger(['upgrade-log', '--data-dir', dataDirectory]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ upgraded: false, compacted: true, events: 0 });
    expect(logBytes()).toBeLessThan(bytesUpgraded * 0.75);
    expect(ledger(['verify', '--data-dir', dataDirectory]).stdout).toBe(digestBefore);
  });

  it('is refused while an API holds the data directory, and changes nothing', async () => {
    const { dataDirectory } = await ledgerOfBefore20261205(3);
    const lock = holdDataDirectoryLock(dataDirectory, readModelsLock.name, readModelsLock.what);
    try {
      const run = ledger(['upgrade-log', '--data-dir', dataDirectory]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${readModelsLock.what} is already running on ${dataDirectory}`);
    } finally {
      lock.release();
    }
    expect(idsOf(dataDirectory)).toBe('log');
  });

  it('is refused while an import runs, and an import while it runs', async () => {
    const { dataDirectory } = await ledgerOfBefore20261205(3);
    const importing = holdDataDirectoryLock(dataDirectory, logLayoutLock.name, 'an import', 'shared');
    try {
      const run = ledger(['upgrade-log', '--data-dir', dataDirectory]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`an import is already running on ${dataDirectory}`);
    } finally {
      importing.release();
    }
    expect(idsOf(dataDirectory)).toBe('log');

    const file = join(temporaryDirectory(), 'one.ndjson');
    writeFileSync(file, `${ledger(['generate', '--persons', '1', '--seed', '4']).stdout}`);
    const eventsBefore = ledger(['stats', '--data-dir', dataDirectory]).stdout;
    const upgrading = holdDataDirectoryLock(dataDirectory, logLayoutLock.name, 'an upgrade of the log');
    try {
      const run = ledger(['import', file, '--data-dir', dataDirectory]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`an upgrade of the log is already running on ${dataDirectory}`);
    } finally {
      upgrading.release();
    }
    expect(ledger(['stats', '--data-dir', dataDirectory]).stdout).toBe(eventsBefore);
  });

  it('is a usage error for EventStoreDB, and for a directory without a ledger, creating nothing', () => {
    const esdb = ledger(['upgrade-log'], {
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    });
    expect(esdb.status).toBe(2);
    expect(esdb.stderr).toContain('upgrade-log upgrades an embedded log');
    const empty = join(temporaryDirectory(), 'data');
    const none = ledger(['upgrade-log', '--data-dir', empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no ledger at');
    expect(existsSync(empty)).toBe(false);
  });
});
