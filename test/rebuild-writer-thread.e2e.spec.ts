import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { Projector, readModelChecksums, readModelProjections } from '@ledger/projections';
import { generateHistories } from '@ledger/synthetic';
import { type openBatchWriter } from '../libs/projections/src/writes/batch-writer';
import fc from 'fast-check';
import { temporaryDirectory } from './support/ledger-processes';

/** Runs a rebuild with the built libraries, whose rows a writer thread commits. */
function rebuildInWriterThread(storePath: string, readModelPath: string, batchSize: number, poisoned = false) {
  const child = spawnSync(
    process.execPath,
    [join(__dirname, 'support/rebuild-in-writer-thread.js'), storePath, readModelPath, String(batchSize)].concat(
      poisoned ? ['poisoned'] : [],
    ),
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`the rebuild process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { checkpoint?: number; checksums?: Record<string, string>; failure?: string };
}

/** Persons' events appended in turns, one event each: every batch continues streams of the batches before. */
async function interleavedLog(path: string, persons: number, seed: number): Promise<SqliteEventStore> {
  const store = new SqliteEventStore({ path });
  const histories = new Map<string, { type: string; data: unknown }[]>();
  for (const { insurerNumber, personId, events } of generateHistories(persons, seed)) {
    const stream = `insured-${insurerNumber}-${personId}`;
    histories.set(stream, [...(histories.get(stream) ?? []), ...events.map(({ type, data }) => ({ type, data }))]);
  }
  const longest = Math.max(...[...histories.values()].map((events) => events.length));
  for (let turn = 0; turn < longest; turn += 1) {
    for (const [stream, events] of histories) {
      const event = events[turn];
      if (event) await store.append(stream, [event], 'any');
    }
  }
  return store;
}

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('rebuild with a writer thread (built libraries)', () => {
  it('never creates the file it writes: removed before the thread opens it (a rebuild interrupted as it began), it stays removed', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, whose writer is a thread
    const built = require(join(__dirname, '../dist/libs/projections/src/writes/batch-writer.js')) as {
      openBatchWriter: typeof openBatchWriter;
    };
    const path = join(temporaryDirectory(), 'read-models.db.rebuild');
    const db = new Database(path);
    const writer = built.openBatchWriter(db, {});
    db.close();
    // The thread takes longer to start than this takes to run.
    rmSync(path);
    await writer.write({}, { projector: 'rebuild', position: 1 });
    await expect(writer.finish()).rejects.toThrow('the row writer thread failed: SQLITE_CANTOPEN');
    expect(existsSync(path)).toBe(false);
  });

  it('gives the read models that the projector gives in its own thread, whatever the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 60 }), async (seed, batchSize) => {
        const directory = temporaryDirectory();
        const store = await interleavedLog(join(directory, 'events.db'), 40, seed);
        const live = new Database(join(directory, 'live.db'));
        new Projector(store, live, readModelProjections(), { name: 'read-models' }).apply(await allEvents(store));

        const rebuilt = rebuildInWriterThread(join(directory, 'events.db'), join(directory, 'rebuilt.db'), batchSize);

        expect(rebuilt).toEqual({ checkpoint: await store.headPosition(), checksums: readModelChecksums(live) });
        live.close();
        await store.close();
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it('fails the rebuild, naming the cause, when the writer cannot commit a batch', async () => {
    const directory = temporaryDirectory();
    const store = await interleavedLog(join(directory, 'events.db'), 10, 3);
    await store.close();

    const rebuilt = rebuildInWriterThread(join(directory, 'events.db'), join(directory, 'rebuilt.db'), 5, true);

    expect(rebuilt).toEqual({ failure: 'rebuild stopped: NOT NULL constraint failed: unwritable.stream' });
  }, 60_000);
});
