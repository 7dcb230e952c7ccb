import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { SqliteEventStore } from './sqlite-event-store';

describe('SQLite store beside another process writing the same file', () => {
  let directory: string;
  let following: SqliteEventStore;
  let other: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-other-writers-'));
    following = new SqliteEventStore({ path: join(directory, 'events.db') });
    other = new SqliteEventStore({ path: join(directory, 'events.db') });
  });

  afterEach(async () => {
    await following.close();
    await other.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('a live subscription receives what the other connection appends', async () => {
    await following.append('insured-123455-A', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    const next = firstValueFrom(following.subscribeToAll({ after: 1 }).pipe(timeout(5000)));
    // Let the subscription catch up and start waiting before the other connection writes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.append('insured-123455-B', [{ type: 'QualificationAcquired', data: {} }], 'no_stream');

    await expect(next).resolves.toMatchObject({ stream: 'insured-123455-B', position: 2 });
  });
});
