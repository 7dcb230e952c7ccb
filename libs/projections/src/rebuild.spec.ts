import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { AuditTrailProjection } from './audit/audit-trail.projection';
import { Projector } from './projector';
import { QualificationProjection } from './qualification/qualification.projection';
import { type RebuildProgress, rebuildInto } from './rebuild';
import { readModelChecksums } from './table-checksum';

const readModels = () => [new QualificationProjection(), new AuditTrailProjection()];

describe('rebuild beside the live read models', () => {
  it('catches up with appends made during the rebuild, reports progress, and equals the live read models', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const appendHistories = async (persons: number, seed: number) => {
      for (const { insurerNumber, personId, events } of generateHistories(persons, seed)) {
        if (events.length > 0)
          await store.append(
            `insured-${insurerNumber}-${personId}-${seed}`,
            events.map(({ type, data }) => ({ type, data })),
            'any',
          );
      }
    };
    await appendHistories(300, 1);
    const live = new Database(':memory:');
    const liveProjector = new Projector(store, live, readModels(), { name: 'read-models', batchWindowMs: 5 });
    liveProjector.start();

    const reports: RebuildProgress[] = [];
    const fresh = new Database(':memory:');
    const rebuilt = rebuildInto(store, fresh, readModels(), {
      batchSize: 100,
      progressEveryMs: 0,
      onProgress: (report) => reports.push(report),
    });
    await appendHistories(100, 2);
    const checkpoint = await rebuilt;

    const head = await store.headPosition();
    expect(checkpoint).toBe(head);
    await liveProjector.caughtUp(head);
    expect(readModelChecksums(fresh)).toEqual(readModelChecksums(live));
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toMatchObject({ eventsDone: head, eventsTotal: head });
    expect(reports.some((report) => report.etaSeconds !== undefined && report.eventsPerSecond > 0)).toBe(true);
    liveProjector.stop();
    live.close();
    fresh.close();
    await store.close();
  }, 60_000);

  it('counts the events of a resumed rebuild from its checkpoint, not from the start of the log', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const append = async (count: number, offset: number) => {
      for (let index = offset; index < offset + count; index += 1) {
        await store.append(`insured-123455-P${index}`, [{ type: 'QualificationAcquired', data: {} }], 'no_stream');
      }
    };
    await append(300, 0);
    const fresh = new Database(':memory:');
    await rebuildInto(store, fresh, readModels(), { batchSize: 100 });
    await append(200, 300);

    const reports: RebuildProgress[] = [];
    await rebuildInto(store, fresh, readModels(), {
      batchSize: 50,
      progressEveryMs: 0,
      onProgress: (report) => reports.push(report),
    });

    expect(reports.length).toBeGreaterThan(2);
    expect(reports.map((report) => report.eventsTotal)).toEqual(reports.map(() => 200));
    expect(reports.at(-1)).toMatchObject({ eventsDone: 200 });
    fresh.close();
    await store.close();
  });
});
