import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { foldEvents, storedEvent } from '@ledger/domain';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { encodePersonState } from '@ledger/projections';
import { temporaryDirectory } from './support/ledger-processes';

const persons = 2000;

/** A store of enrolments, registrations and changes for `persons` people, interleaved in the log. */
async function seedStore(path: string): Promise<void> {
  const store = new SqliteEventStore({ path });
  const stream = (person: number) => `insured-123455-P${person}`;
  await Promise.all(
    Array.from({ length: persons }, (_, person) =>
      store.append(
        stream(person),
        [
          {
            type: 'QualificationAcquired',
            data: {
              insurerNumber: '123455',
              number: `N${person}`,
              relationship: 'insured',
              acquiredOn: '2024-04-01',
              burdenRatio: 30,
              birthDate: '1980-01-01',
              name: '山田 太郎',
            },
          },
        ],
        'no_stream',
      ),
    ),
  );
  for (let round = 0; round < 10; round += 1) {
    await Promise.all(
      Array.from({ length: persons }, (_, person) =>
        store.append(
          stream(person),
          [
            {
              type: 'QualificationDetailsChanged',
              data: { effectiveOn: `2025-01-${String(round + 10)}`, address: `住所 ${round}` },
            },
          ],
          'any',
        ),
      ),
    );
  }
  await store.close();
}

function runUntilKilled(storePath: string, readModelPath: string, lifetimeMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'support/crash-projector.js'), storePath, readModelPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    // The clock starts at the child's first report: the kill lands while it projects, not while it boots.
    child.stdout.once('data', () => (timer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs)));
    child.stdout.resume();
    child.once('close', (_, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the projector stopped by itself: ${errors}`));
    });
  });
}

/** The read model must hold, for every person, exactly the fold of the events up to the checkpoint. */
async function expectExactlyUpTo(storePath: string, readModelPath: string): Promise<number> {
  // Read-write: opening rolls back the transaction the kill interrupted, as a restart would.
  const db = new Database(readModelPath);
  const checkpoint =
    db.prepare<[], { position: number }>("SELECT position FROM checkpoints WHERE projector = 'read-models'").get()
      ?.position ?? 0;
  const stored = new Map(
    db
      .prepare<[], { stream: string; state: string }>('SELECT stream, state FROM person_states')
      .all()
      .map((row) => [row.stream, row.state]),
  );
  db.close();
  const store = new SqliteEventStore({ path: storePath });
  const byStream = new Map<string, RecordedEvent[]>();
  for await (const event of store.readAll({ maxCount: checkpoint }))
    byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
  await store.close();
  expect(stored.size).toBe(byStream.size);
  for (const [stream, events] of byStream) {
    const expected = encodePersonState(foldEvents(events.map(storedEvent)));
    expect(stored.get(stream)).toBe(expected);
  }
  return checkpoint;
}

describe('projector under SIGKILL', () => {
  it('resumes after every kill with each event applied exactly once', async () => {
    const directory = temporaryDirectory();
    const storePath = join(directory, 'events.db');
    const readModelPath = join(directory, 'read-models.db');
    await seedStore(storePath);
    const total = persons * 11;
    const checkpoints: number[] = [];
    for (let cycle = 0; cycle < 20; cycle += 1) {
      await runUntilKilled(storePath, readModelPath, 5 + Math.floor(Math.random() * 60));
      checkpoints.push(await expectExactlyUpTo(storePath, readModelPath));
      if (checkpoints.at(-1) === total) break;
    }
    expect(checkpoints.some((checkpoint) => checkpoint > 0 && checkpoint < total)).toBe(true);
    process.stdout.write(`projector crash test: checkpoints after each kill ${checkpoints.join(', ')} of ${total}\n`);
  }, 120_000);
});
