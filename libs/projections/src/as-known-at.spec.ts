import { calendarDate, type CalendarDate, type Instant } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { KnownAt, personStateAsKnownAt } from './as-known-at';
import { enrolledEvent } from './person-events.test-kit';
import { qualificationOn } from './qualification/qualification-view';

const on = (literal: string): CalendarDate => calendarDate(literal);
const at = (literal: string) => literal as Instant;

describe('R42: what the ledger knew at a time, about a date', () => {
  it('tells a late-reported withdrawal apart: not known before it was recorded, true from its own date after', async () => {
    let now = new Date('2025-04-01T00:00:00.000Z');
    const store = new SqliteEventStore({ path: ':memory:', clock: () => now });
    const stream = 'insured-123455-P1';
    await store.append(stream, [enrolledEvent], 'no_stream');
    now = new Date('2025-07-15T00:00:00.000Z');
    // Reported in July, effective in May (遡及).
    await store.append(
      stream,
      [{ type: 'QualificationLost', data: { lostOn: '2025-05-01', reason: 'other-insurance' } }],
      0,
    );

    const knownInJune = (await personStateAsKnownAt(store, stream, at('2025-06-30T23:59:59Z')))!;
    const knownNow = (await personStateAsKnownAt(store, stream, at('2025-08-01T00:00:00+09:00')))!;
    expect(qualificationOn(knownInJune, on('2025-06-01'))?.covered).toBe(true);
    expect(qualificationOn(knownNow, on('2025-06-01'))?.covered).toBe(false);
    expect(qualificationOn(knownNow, on('2025-04-30'))?.covered).toBe(true);
    expect(await personStateAsKnownAt(store, stream, at('2025-03-31T00:00:00Z'))).toBeUndefined();
    await store.close();
  });

  it('R41: tells a corrected enrolment apart: the wrong start as known before the correction, the right one after, for every date', async () => {
    let now = new Date('2025-04-01T00:00:00.000Z');
    const store = new SqliteEventStore({ path: ':memory:', clock: () => now });
    const stream = 'insured-123455-P1';
    const { events } = await store.append(stream, [enrolledEvent], 'no_stream');
    now = new Date('2025-05-01T00:00:00.000Z');
    await store.append(
      stream,
      [
        {
          type: 'QualificationAcquiredCorrected',
          data: { ...enrolledEvent.data, acquiredOn: '2024-03-01', correctedEventId: events[0]!.id },
        },
      ],
      0,
    );

    const knownInApril = (await personStateAsKnownAt(store, stream, at('2025-04-30T00:00:00Z')))!;
    const knownNow = (await personStateAsKnownAt(store, stream, at('2025-05-02T00:00:00Z')))!;
    expect(qualificationOn(knownInApril, on('2024-03-15'))?.covered).toBe(false);
    expect(qualificationOn(knownNow, on('2024-03-15'))).toMatchObject({ covered: true, acquiredOn: '2024-03-01' });
    await store.close();
  });

  it('knows a later event stamped earlier (a clock set back, in a log from before stamps were kept in order) only with the events it follows', () => {
    const known = new KnownAt(at('2025-06-01T00:00:07Z'));
    const stamped = (stream: string, recordedAt: string) => ({ stream, recordedAt });
    expect(known.knows(stamped('insured-123455-A', '2025-06-01T00:00:06.000Z'))).toBe(true);
    expect(known.knows(stamped('insured-123455-A', '2025-06-01T00:00:10.000Z'))).toBe(false);
    expect(known.knows(stamped('insured-123455-A', '2025-06-01T00:00:05.000Z'))).toBe(false);
    // Another stream is cut at its own first later event only.
    expect(known.knows(stamped('insured-123455-B', '2025-06-01T00:00:07.000Z'))).toBe(true);
  });
});
