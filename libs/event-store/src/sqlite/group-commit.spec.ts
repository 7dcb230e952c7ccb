import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import { makeLogOfBefore20261205 } from './log-of-before-20261205.test-kit';
import { SqliteEventStore } from './sqlite-event-store';

describe('SQLite store group commit', () => {
  let store: SqliteEventStore;
  let commits = 0;

  beforeEach(() => {
    commits = 0;
    // Each committed batch reads the clock once: counting reads counts transactions.
    store = new SqliteEventStore({ path: ':memory:', clock: () => new Date(Date.UTC(2025, 3, 1, 0, 0, commits++)) });
  });

  afterEach(() => store.close());

  it('commits appends that arrive together in one transaction', async () => {
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        store.append(`insured-123455-P${index}`, [{ type: 'QualificationAcquired', data: { index } }], 'no_stream'),
      ),
    );
    expect(commits).toBe(1);
    expect(new Set(results.map((result) => result.events[0]!.recordedAt)).size).toBe(1);
    expect(results.map((result) => result.position)).toEqual(Array.from({ length: 64 }, (_, index) => index + 1));
  });

  it('a conflicting append in a group fails alone', async () => {
    await store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('insured-123455-A', [{ type: 'CardRegistered', data: {} }], 0),
      store.append('insured-123455-A', [{ type: 'CardRegistered', data: {} }], 0),
      store.append('insured-123455-B', [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(commits).toBe(2);
  });

  it('an append in a group sees the appends before it in the same group', async () => {
    const outcomes = await Promise.allSettled([
      store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
      store.append('insured-123455-A', [{ type: 'CardRegistered', data: {} }], 0),
      store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
      store.append('insured-123455-A', [{ type: 'CardRegistrationCancelled', data: {} }], 'stream_exists'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ expected: 'no_stream', actual: 1 });
    expect(commits).toBe(1);
    const types = [];
    for await (const event of store.readStream('insured-123455-A')) types.push(`${event.revision}:${event.type}`);
    expect(types).toEqual(['0:QualificationAcquired', '1:CardRegistered', '2:CardRegistrationCancelled']);
  });

  it('an append that repeats an event id fails alone, before it joins the group', async () => {
    const id = '0195a1c0-7d7e-7000-8000-00000000000b';
    const outcomes = await Promise.allSettled([
      store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
      store.append(
        'insured-123455-B',
        [0, 1].map(() => ({ id, type: 'QualificationAcquired', data: {} })),
        'no_stream',
      ),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ limit: 'EVENT_ID_REPEATED' });
    expect(await store.headPosition()).toBe(1);
  });

  it('an appender that awaits each append gets each committed without waiting for an event-loop turn, 16 in a row at most', async () => {
    await store.append('insured-123455-P0', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    let appendedBeforeTurn: number | undefined;
    let appended = 0;
    setImmediate(() => (appendedBeforeTurn = appended));
    for (let index = 1; index <= 40; index += 1) {
      await store.append(`insured-123455-P${index}`, [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
      appended += 1;
    }

    expect(commits).toBe(41);
    expect(appendedBeforeTurn).toBe(16);
  });

  it('appends from separate callbacks of one event-loop turn, as requests read from sockets, share a commit', async () => {
    await store.append('insured-123455-P0', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    await new Promise((resolve) => setImmediate(resolve));
    const before = commits;
    await Promise.all(
      [1, 2, 3].map(
        (index) =>
          new Promise((resolve) =>
            setImmediate(() =>
              resolve(
                store.append(`insured-123455-P${index}`, [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
              ),
            ),
          ),
      ),
    );

    expect(commits - before).toBe(1);
  });

  it('refuses appends once closed', async () => {
    await store.close();
    await expect(
      store.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'any'),
    ).rejects.toThrow('closed');
  });
});

describe('SQLite store event ids', () => {
  const id = '0195a1c0-7d7e-7000-8000-00000000000a';
  const acquired = { id, type: 'QualificationAcquired', data: {} };

  it('an id is unique within its stream, as the port promises: another stream may hold it too', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    await store.append('insured-123455-A', [acquired], 'no_stream');
    const other = await store.append('insured-123455-B', [acquired], 'no_stream');
    expect(other).toMatchObject({ revision: 0, position: 2 });
    expect(other.repeated).toBeUndefined();
    await expect(
      store.append('insured-123455-A', [acquired, { type: 'CardRegistered', data: {} }], 'any'),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    await store.close();
  });

  it('a log made before ids were indexed per stream keeps them unique across the log; a clash fails alone', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-ids-'));
    const path = join(directory, 'events.db');
    makeLogOfBefore20261205(path);
    const store = new SqliteEventStore({ path });
    await store.append('insured-123455-A', [acquired], 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('insured-123455-B', [acquired], 'no_stream'),
      store.append('insured-123455-C', [{ type: 'QualificationAcquired', data: {} }], 'no_stream'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });
});
