import { type EsdbRecordedEvent } from './eventstoredb-client.port';
import { toRecordedEvent } from './eventstoredb-mapping';

const read = (position: EsdbRecordedEvent['position']): EsdbRecordedEvent => ({
  streamId: 'insured-123455-A',
  id: '0195a1c0-7d7e-7000-8000-000000000001',
  revision: 3n,
  type: 'QualificationAcquired',
  created: new Date('2025-01-06T00:00:00Z'),
  data: {},
  metadata: { $recordedAt: '2025-01-06T00:00:00.000Z' },
  position,
});

describe('an event as EventStoreDB gives it', () => {
  it('takes its place in the log from the commit position', () => {
    expect(toRecordedEvent(read({ commit: 4096n, prepare: 4096n }))).toMatchObject({ position: 4096, revision: 3 });
  });

  it.each([
    ['none', undefined],
    ['2^64 - 1', { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n }],
  ])('refuses a stream read without a position, as servers before 22.6 give it (%s)', (_, position) => {
    expect(() => toRecordedEvent(read(position))).toThrow(
      'EventStoreDB gave no log position for insured-123455-A revision 3: the ledger needs EventStoreDB 22.6 or later',
    );
  });
});
