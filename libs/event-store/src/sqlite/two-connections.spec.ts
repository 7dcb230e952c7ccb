import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { WrongExpectedRevisionError } from '../errors';
import { verifyChain } from '../verify-chain';
import { SqliteEventStore } from './sqlite-event-store';

const acquired = { type: 'QualificationAcquired', data: { name: '山田 太郎' } };

describe('SQLite store beside another connection to the same file', () => {
  let directory: string;
  let first: SqliteEventStore;
  let second: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-two-connections-'));
    first = new SqliteEventStore({ path: join(directory, 'events.db') });
    second = new SqliteEventStore({ path: join(directory, 'events.db') });
  });

  afterEach(async () => {
    await first.close();
    await second.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('R42: a clock set back, this connection’s or another’s, stamps no event before the last one the log holds', async () => {
    const path = join(directory, 'clocks.db');
    let now = new Date('2025-06-01T00:00:10.000Z');
    const ahead = new SqliteEventStore({ path, clock: () => now });
    const behind = new SqliteEventStore({ path, clock: () => new Date('2025-06-01T00:00:03.000Z') });
    await ahead.append('insured-123455-A', [acquired], 'no_stream');
    now = new Date('2025-06-01T00:00:05.000Z');
    const again = await ahead.append('insured-123455-A', [acquired], 0);
    const other = await behind.append('insured-123455-B', [acquired], 'no_stream');
    expect([again.events[0]!.recordedAt, other.events[0]!.recordedAt]).toEqual([
      '2025-06-01T00:00:10.000Z',
      '2025-06-01T00:00:10.000Z',
    ]);
    now = new Date('2025-06-01T00:00:12.000Z');
    expect((await ahead.append('insured-123455-A', [acquired], 1)).events[0]!.recordedAt).toBe(
      '2025-06-01T00:00:12.000Z',
    );
    expect(await verifyChain(ahead.readAll())).toEqual({ eventsChecked: 4, streamsChecked: 2 });
    await ahead.close();
    await behind.close();
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

  it('R41: a head remembered from a group that only created streams is checked again once the other connection wrote', async () => {
    await first.append('insured-123455-B', [acquired], 'no_stream');
    await first.append('insured-123455-B', [acquired], 0);
    await first.append('insured-123455-A', [acquired], 'no_stream');
    await second.append('insured-123455-A', [acquired], 0);

    await expect(first.append('insured-123455-A', [acquired], 0)).rejects.toEqual(
      expect.objectContaining({ actual: 1 }),
    );
    expect((await first.append('insured-123455-A', [acquired], 1)).revision).toBe(2);
    expect(await verifyChain(first.readAll())).toEqual({ eventsChecked: 5, streamsChecked: 2 });
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

    // Both by the refusal: A's append, innocent, went down with its group.
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && String(outcome.reason))).toEqual([
      expect.stringContaining('refused'),
      expect.stringContaining('refused'),
    ]);
    const retried = await first.append('insured-123455-A', [acquired], 0);
    expect(retried.revision).toBe(1);
    await expect(first.append('insured-123455-A', [acquired], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await verifyChain(first.readAll())).toEqual({ eventsChecked: 2, streamsChecked: 1 });
  });

  it('a live subscription receives what the other connection appends', async () => {
    await first.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    const next = firstValueFrom(first.subscribeToAll({ after: 1 }).pipe(timeout(5000)));
    // Let the subscription catch up and start waiting before the other connection writes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await second.append('insured-123455-B', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');

    await expect(next).resolves.toMatchObject({ stream: 'insured-123455-B', position: 2 });
  });
});
