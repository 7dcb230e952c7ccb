import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevisionError } from '../errors';
import { verifyChain } from '../verify-chain';
import { prepareSchema } from './schema';
import { SqliteEventStore } from './sqlite-event-store';
import { StreamHeads } from './stream-heads';

const acquired = { type: 'QualificationAcquired', data: { name: '山田 太郎' } };

describe('SQLite store heads remembered between appends', () => {
  let directory: string;
  let first: SqliteEventStore;
  let second: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-heads-'));
    first = new SqliteEventStore({ path: join(directory, 'events.db') });
    second = new SqliteEventStore({ path: join(directory, 'events.db') });
  });

  afterEach(async () => {
    await first.close();
    await second.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('R41: an append after another connection wrote the stream checks and links against what it wrote', async () => {
    await first.append('insured-123455-A', [acquired], 'no_stream');
    await expect(second.append('insured-123455-A', [acquired], 'no_stream')).rejects.toEqual(
      expect.objectContaining({ actual: 0 }),
    );
    await second.append('insured-123455-A', [acquired], 0);

    await expect(first.append('insured-123455-A', [acquired], 0)).rejects.toEqual(
      expect.objectContaining({ actual: 1 }),
    );
    const result = await first.append('insured-123455-A', [acquired], 1);

    expect(result.revision).toBe(2);
    expect(await verifyChain(first.readAll())).toEqual({ eventsChecked: 3, streamsChecked: 1 });
  });

  it('a group that rolls back leaves no remembered head behind', async () => {
    await first.append('insured-123455-A', [acquired], 'no_stream');
    // A write the file refuses mid-group (here a trigger, in life a full disk) rolls the whole group back.
    const db = new Database(join(directory, 'events.db'));
    db.exec(`CREATE TRIGGER refuse_b BEFORE INSERT ON events WHEN NEW.stream = 'insured-123455-B'
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    db.close();
    const outcomes = await Promise.allSettled([
      first.append('insured-123455-A', [acquired], 0),
      first.append('insured-123455-B', [acquired], 'no_stream'),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    const retried = await first.append('insured-123455-A', [acquired], 0);
    expect(retried.revision).toBe(1);
    await expect(first.append('insured-123455-A', [acquired], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await verifyChain(first.readAll())).toEqual({ eventsChecked: 2, streamsChecked: 1 });
  });
});

describe('StreamHeads', () => {
  it('forgets the least recently used heads beyond its bound, and reads a forgotten one back from the table', () => {
    const db = new Database(':memory:');
    prepareSchema(db);
    const heads = new StreamHeads(db, 2);
    heads.tryCreate('insured-123455-A', { revision: 0, hash: 'a' });
    heads.tryCreate('insured-123455-B', { revision: 0, hash: 'b' });
    heads.get('insured-123455-A');
    heads.write('insured-123455-C', { revision: 3, hash: 'c' });

    expect(heads.remembered('insured-123455-B')).toBeUndefined();
    expect(heads.remembered('insured-123455-A')).toEqual({ revision: 0, hash: 'a' });
    expect(heads.remembered('insured-123455-C')).toEqual({ revision: 3, hash: 'c' });
    expect(heads.get('insured-123455-B')).toEqual({ revision: 0, hash: 'b' });
    db.close();
  });
});
