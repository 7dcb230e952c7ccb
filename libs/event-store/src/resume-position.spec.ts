import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { FakeEsdbClient } from './eventstoredb/fake-esdb-client.test-kit';
import { resumePosition } from './resume-position';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

const enrolled = { type: 'QualificationAcquired', data: { name: '山田 太郎' } };

describe('resumePosition', () => {
  it('accepts the start, every position of the SQLite log up to its head, and refuses one after it', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const { position } = await store.append('insured-123455-A', [enrolled, enrolled], 'no_stream');
    expect(await resumePosition(store, 0)).toEqual({ ok: true });
    expect(await resumePosition(store, position - 1)).toEqual({ ok: true });
    expect(await resumePosition(store, position)).toEqual({ ok: true });
    expect(await resumePosition(store, position + 1)).toEqual({ ok: false, reason: 'after-head', head: position });
    await store.close();
  });

  it('refuses on an empty log any position but the start: it is from another log', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    expect(await resumePosition(store, 0)).toEqual({ ok: true });
    expect(await resumePosition(store, 5)).toEqual({ ok: false, reason: 'after-head', head: 0 });
    await store.close();
  });

  it('refuses an EventStoreDB position where no event starts, and accepts those of its events', async () => {
    const store = new EventStoreDbEventStore(new FakeEsdbClient());
    const first = await store.append('insured-123455-A', [enrolled], 'no_stream');
    const last = await store.append('insured-123455-B', [enrolled], 'no_stream');
    expect(await resumePosition(store, first.position)).toEqual({ ok: true });
    expect(await resumePosition(store, last.position)).toEqual({ ok: true });
    expect(await resumePosition(store, first.position + 1)).toMatchObject({
      ok: false,
      reason: 'no-event-there',
      detail: expect.stringContaining('invalid position') as string,
    });
    await store.close();
  });

  it('throws what a failing store throws instead of blaming the position', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const { position } = await store.append('insured-123455-A', [enrolled, enrolled], 'no_stream');
    const unavailable = new Error('14 UNAVAILABLE: Connection dropped');
    const failing = Object.assign(Object.create(store) as SqliteEventStore, {
      readAll: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(unavailable) }),
      }),
    });
    await expect(resumePosition(failing, position - 1)).rejects.toBe(unavailable);
    await store.close();
  });
});
