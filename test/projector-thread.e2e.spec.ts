import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { Projector, readModelChecksums, readModelProjections } from '@ledger/projections';
import { generateHistories } from '@ledger/synthetic';
import type * as Projections from '../libs/projections/src';
import { temporaryDirectory } from './support/ledger-processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built library, whose projector can run in a thread
const built = require(join(__dirname, '../dist/libs/projections/src/index.js')) as typeof Projections;

/** Generated persons' histories, each person's in one append. */
async function appendPersons(store: SqliteEventStore, persons: number, seed: number): Promise<number> {
  const histories = new Map<string, { type: string; data: unknown }[]>();
  for (const { insurerNumber, personId, events } of generateHistories(persons, seed, { firstPerson: seed * 1000 })) {
    const stream = `insured-${insurerNumber}-${personId}`;
    histories.set(stream, [...(histories.get(stream) ?? []), ...events.map(({ type, data }) => ({ type, data }))]);
  }
  await Promise.all([...histories].map(([stream, events]) => store.append(stream, events, 'no_stream')));
  return store.headPosition();
}

/** The read models the projector gives in the caller's thread, from the whole log, in a file of their own. */
async function projectedHere(store: SqliteEventStore, path: string): Promise<Record<string, string>> {
  const db = new Database(path);
  const projector = new Projector(store, db, readModelProjections(), { name: 'read-models' });
  const events = [];
  for await (const event of store.readAll()) events.push(event);
  projector.apply(events);
  const checksums = readModelChecksums(db);
  db.close();
  return checksums;
}

describe('the projector in a thread of its own (ADR 0017, built libraries)', () => {
  let directory: string;
  let store: SqliteEventStore;
  let live: Projections.LiveReadModels | undefined;
  const open = (options: Partial<Projections.LiveReadModelsOptions> = {}) =>
    built.LiveReadModels.open(store, {
      path: join(directory, 'read-models.db'),
      projections: built.readModelProjections,
      logPath: join(directory, 'events.db'),
      projector: { batchWindowMs: 5 },
      ...options,
    });

  beforeEach(() => {
    directory = temporaryDirectory();
    store = new SqliteEventStore({ path: join(directory, 'events.db') });
  });

  afterEach(async () => {
    await live?.close();
    live = undefined;
    await store.close();
  });

  it('loads none of the EventStoreDB client, which the embedded store never uses', () => {
    // The thread's entry module, as its Worker loads it: its own process, to see what it alone requires.
    const entry = join(__dirname, '../dist/libs/projections/src/projector.thread.js');
    const loaded = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`],
      { encoding: 'utf8' },
    );
    expect(loaded.status).toBe(0);
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules).toContain(entry);
    expect(modules.filter((module) => module.includes('@eventstore'))).toEqual([]);
  });

  it('follows what another connection appends, to the read models the projector gives in the caller thread', async () => {
    await appendPersons(store, 30, 1);
    live = open();
    expect(live.projector).toBeInstanceOf(built.ProjectorThread);
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());

    const head = await appendPersons(store, 30, 2);
    await live.projector.caughtUp(head);

    expect(readModelChecksums(live.db)).toEqual(await projectedHere(store, join(directory, 'here.db')));
    expect(await live.projector.status()).toMatchObject({ checkpoint: head, head, lagPositions: 0 });
  }, 60_000);

  it('once stopped applies nothing; started again it goes on from its checkpoint', async () => {
    const first = await appendPersons(store, 10, 3);
    live = open();
    live.projector.start();
    await live.projector.caughtUp(first);
    // Two callers stopping it at once (a shutdown during a rebuild) each hear that it stopped.
    await Promise.all([live.projector.stop(), live.projector.stop()]);
    expect(live.projector.running).toBe(false);

    const head = await appendPersons(store, 10, 4);
    expect(await live.projector.reaches(head, 300)).toBe(false);
    expect(live.projector.checkpoint).toBe(first);

    live.projector.start();
    await live.projector.caughtUp(head);
    expect(readModelChecksums(live.db)).toEqual(await projectedHere(store, join(directory, 'here.db')));
  }, 60_000);

  it('rebuilds beside the live file and goes on following the new one', async () => {
    await appendPersons(store, 20, 5);
    live = open();
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());

    const checkpoint = await live.rebuild();
    expect(live.projector.running).toBe(true);
    const head = await appendPersons(store, 10, 6);
    await live.projector.caughtUp(head);

    expect(checkpoint).toBeGreaterThan(0);
    expect(readModelChecksums(live.db)).toEqual(await projectedHere(store, join(directory, 'here.db')));
  }, 60_000);

  it('tells the caller of event types no projection reads, and counts them', async () => {
    const unknown: string[] = [];
    live = open({ projector: { batchWindowMs: 5, onUnknownEventType: (type) => unknown.push(type) } });
    live.projector.start();
    const { position } = await store.append('insured-123455-A', [{ type: 'FutureEvent', data: {} }], 'no_stream');
    await live.projector.caughtUp(position);

    expect(unknown).toEqual(['FutureEvent']);
    expect(await live.projector.status()).toMatchObject({ unknownEventTypes: { FutureEvent: 1 } });
  }, 60_000);

  it('stops on a batch it cannot commit, reported with the checkpoint the read models stay at', async () => {
    const good = await appendPersons(store, 5, 7);
    const failures: [string, number, string | undefined][] = [];
    live = open({
      projector: {
        batchWindowMs: 5,
        onFailure: (error, checkpoint) => failures.push([(error as Error).message, checkpoint, (error as Error).stack]),
      },
    });
    live.projector.start();
    await live.projector.caughtUp(good);
    live.db.exec(`CREATE TRIGGER refused BEFORE INSERT ON audit_trail WHEN NEW.stream = 'insured-123455-POISON'
                  BEGIN SELECT RAISE(ABORT, 'disk refused the row'); END`);
    const poisoned = [{ type: 'QualificationAcquired', data: {} }];
    const { position } = await store.append('insured-123455-POISON', poisoned, 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(failures).toEqual([['disk refused the row', good, expect.stringContaining('row-writer.js')]]);
    expect(live.projector.running).toBe(false);
    expect(await live.projector.status()).toMatchObject({
      checkpoint: good,
      lagPositions: position - good,
      failure: 'disk refused the row',
    });
  }, 60_000);

  it('reports an error nothing in the thread caught with its class, message and stack, at the checkpoint committed', async () => {
    await appendPersons(store, 40, 8);
    const fixture = join(__dirname, 'support/projector-thread-fails.js');
    const child = spawnSync(
      process.execPath,
      ['-r', join(__dirname, 'support/throw-in-projector-thread.js'), fixture, directory],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(child.stderr).toBe('');
    const told = JSON.parse(child.stdout) as {
      failures: { type: string; message: string; code?: string; stack?: string; checkpoint: number }[];
      status: Projections.ProjectorStatus;
      runningWhenStartedAgain: boolean;
      committed: number;
    };

    expect(told.failures).toHaveLength(1);
    expect(told.failures[0]).toMatchObject({
      type: 'SqliteError',
      message: 'disk I/O error',
      code: 'SQLITE_IOERR',
      checkpoint: told.committed,
    });
    expect(told.failures[0]!.stack).toContain('throw-in-projector-thread.js');
    expect(told.committed).toBeGreaterThan(0);
    // A checkpoint posted before the failure and received after it takes nothing back.
    expect(told.status).toMatchObject({ checkpoint: told.committed, failure: 'disk I/O error' });
    expect(told.runningWhenStartedAgain).toBe(false);
  }, 60_000);

  it('stops a rebuild when closed during it, and the thread once ended is not started again', async () => {
    await appendPersons(store, 30, 9);
    const closing = open();
    closing.projector.start();
    await closing.projector.caughtUp(await store.headPosition());
    let closed: Promise<void> | undefined;
    const rebuilt = closing.rebuild({
      batchSize: 20,
      progressEveryMs: 0,
      onProgress: () => {
        closed ??= closing.close();
      },
    });

    await expect(rebuilt).rejects.toThrow('rebuild stopped');
    await closed;
    closing.projector.start();
    expect(closing.projector.running).toBe(false);
    expect(closing.db.open).toBe(false);
    expect(existsSync(join(directory, 'read-models.db.rebuild'))).toBe(false);
  }, 60_000);
});
