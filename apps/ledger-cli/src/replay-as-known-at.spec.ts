import Database from 'better-sqlite3';
import { type Instant } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { decodePersonState, encodePersonState, personStateAsKnownAt } from '@ledger/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayAsKnownAt } from './replay-as-known-at';

const stream = 'insured-123455-SKEW';
const enrolled = {
  type: 'QualificationAcquired',
  data: {
    insurerNumber: '123455',
    number: '1234567',
    relationship: 'insured',
    acquiredOn: '2025-04-01',
    burdenRatio: 30,
    birthDate: '1980-05-10',
    name: '山田 太郎',
  },
};
const lost = { type: 'QualificationLost', data: { lostOn: '2025-05-01', reason: 'other-insurance' } };

describe('ledger replay --as-known-at', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'ledger-replay-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('R42: agrees with the API on a person as known at an instant, also where a clock set back stamped a later event earlier', async () => {
    const path = join(directory, 'events.db');
    const store = new SqliteEventStore({ path, clock: () => new Date('2025-06-01T00:00:10.000Z') });
    await store.append(stream, [enrolled], 'no_stream');
    await store.append(stream, [lost], 0);
    await store.close();
    // As a build that stamped with a replica's clock 5 s behind wrote it.
    const file = new Database(path);
    file.prepare("UPDATE events SET recorded_at = '2025-06-01T00:00:05.000Z' WHERE position = 2").run();
    file.close();
    const skewed = new SqliteEventStore({ path });
    for (const knownAt of ['2025-06-01T00:00:07.000Z', '2025-06-01T00:00:11.000Z'] as Instant[]) {
      const replayed = new Database(':memory:');
      await replayAsKnownAt(skewed, replayed, knownAt);
      const states = replayed
        .prepare<[], string>('SELECT state FROM person_states')
        .pluck()
        .all()
        .map((state) => encodePersonState(decodePersonState(state)));
      const read = await personStateAsKnownAt(skewed, stream, knownAt);
      expect(states).toEqual(read ? [encodePersonState(read)] : []);
      replayed.close();
    }
    expect((await personStateAsKnownAt(skewed, stream, '2025-06-01T00:00:11.000Z' as Instant))?.status).toBe('lost');
    await skewed.close();
  });
});
