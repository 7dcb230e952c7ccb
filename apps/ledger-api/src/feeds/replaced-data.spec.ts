import { SqliteEventStore } from '@ledger/event-store';
import { replacedData } from './replaced-data';

describe('the data a correction replaces', () => {
  it('R41: is the corrected event’s, then that of the last correction of it before the one asked about', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const stream = 'insured-123455-P6';
    const enrolmentId = '5d6f0a4e-2b1c-4f3a-9e8d-7c6b5a4f3e2d';
    await store.append(
      stream,
      [{ id: enrolmentId, type: 'QualificationAcquired', data: { address: 'A' } }],
      'no_stream',
    );
    const correction = (address: string) => ({
      type: 'QualificationAcquiredCorrected',
      data: { address, correctedEventId: enrolmentId },
    });
    const first = await store.append(stream, [correction('B')], 'any');
    await store.append(stream, [{ type: 'EligibilityChecked', data: { validity: 1 } }], 'any');
    const second = await store.append(stream, [correction('C')], 'any');
    await store.append(stream, [correction('D')], 'any');
    await expect(replacedData(store, first.events[0]!)).resolves.toMatchObject({ address: 'A' });
    await expect(replacedData(store, second.events[0]!)).resolves.toMatchObject({ address: 'B' });
    await store.close();
  });
});
