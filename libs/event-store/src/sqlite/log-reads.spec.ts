import type Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite-event-store';

async function positionsOf(events: AsyncIterable<{ position: number }>): Promise<number[]> {
  const positions: number[] = [];
  for await (const { position } of events) positions.push(position);
  return positions;
}

describe('reads of the log on the embedded store', () => {
  it('prepares a read once per shape: a live subscription reads after every commit', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    for (const stream of ['insured-123455-A', 'insured-123455-B', 'insured-123455-C']) {
      await store.append(stream, [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
    }
    const { db } = store as unknown as { db: Database.Database };
    const prepare = jest.spyOn(db, 'prepare');
    const filter = { eventTypes: ['QualificationAcquired'] };

    expect(await positionsOf(store.readAll({ after: 0, filter }))).toEqual([1, 2, 3]);
    expect(await positionsOf(store.readAll({ after: 1, filter }))).toEqual([2, 3]);
    expect(await positionsOf(store.readAll({ after: 2, filter: { eventTypes: ['CardRegistered'] } }))).toEqual([]);
    // The same shape with other values reuses its statement; a filter of another shape gets one of its own.
    expect(await positionsOf(store.readAll({ after: 0, filter: { eventTypes: ['A', 'B'] } }))).toEqual([]);
    expect(prepare).toHaveBeenCalledTimes(2);
    await store.close();
  });
});
