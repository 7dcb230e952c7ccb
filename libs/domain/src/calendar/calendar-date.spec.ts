import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  calendarDate,
  compareDates,
  dayAfter,
  dayBefore,
  endOfMonth,
  fromCivil,
  isCalendarDate,
  lastDayOfMonths,
  nextOccurrence,
  parseCalendarDate,
  startOfNextMonth,
} from './calendar-date';
import { civilFromDays, daysFromCivil } from './civil-days';

const d = calendarDate;

describe('calendar date', () => {
  it('accepts real days written YYYY-MM-DD, leap days included', () => {
    for (const text of ['2024-12-02', '2024-02-29', '2000-02-29', '1900-01-01']) {
      expect(parseCalendarDate(text)).toEqual({ ok: true, value: text });
    }
  });

  it('refuses other shapes and days the calendar lacks', () => {
    for (const text of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-4-1',
      '20250401',
      '2025-04-01T00:00:00Z',
      '',
    ]) {
      expect(parseCalendarDate(text).ok).toBe(false);
    }
    expect(isCalendarDate(20250401)).toBe(false);
    expect(() => calendarDate('2025-02-30')).toThrow(RangeError);
  });

  it('does day and month arithmetic without crossing a time zone', () => {
    expect(addDays(d('2024-12-31'), 1)).toBe('2025-01-01');
    expect(dayBefore(d('2024-03-01'))).toBe('2024-02-29');
    expect(dayAfter(d('2025-02-28'))).toBe('2025-03-01');
    expect(addMonths(d('2025-01-31'), 1)).toBe('2025-02-28');
    expect(addMonths(d('2025-03-10'), -3)).toBe('2024-12-10');
    expect(addYears(d('2024-02-29'), 1)).toBe('2025-02-28');
    expect(endOfMonth(d('2024-02-10'))).toBe('2024-02-29');
    expect(startOfNextMonth(d('2025-12-15'))).toBe('2026-01-01');
    expect(nextOccurrence(d('2025-08-02'), 8, 1)).toBe('2026-08-01');
    expect(nextOccurrence(d('2025-08-01'), 8, 1)).toBe('2025-08-01');
    expect(compareDates(d('2025-01-01'), d('2024-12-31'))).toBe(1);
    expect(compareDates(d('2025-01-01'), d('2025-01-01'))).toBe(0);
  });

  it('ends a period of months the day before the corresponding day, or on the last day of a month without one (民法143条)', () => {
    expect(lastDayOfMonths(d('2025-04-01'), 60)).toBe('2030-03-31');
    expect(lastDayOfMonths(d('2024-02-29'), 60)).toBe('2029-02-28');
    expect(lastDayOfMonths(d('2025-01-31'), 1)).toBe('2025-02-28');
    expect(lastDayOfMonths(d('2025-01-30'), 1)).toBe('2025-02-28');
    expect(lastDayOfMonths(d('2025-01-28'), 1)).toBe('2025-02-27');
  });

  it('round-trips day numbers from 1901 to 2517', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 200_000 }), (days) => {
        const date = fromCivil(civilFromDays(days));
        expect(daysFromCivil(civilFromDays(days))).toBe(days);
        expect(addDays(date, 1)).toBe(fromCivil(civilFromDays(days + 1)));
        expect(parseCalendarDate(date).ok).toBe(true);
      }),
    );
  });

  it(`gives the same answers in this process's zone (${process.env.TZ ?? 'unset'}) as the UTC epoch does`, () => {
    // Date.UTC is zone-free; the test suite runs under TZ=UTC and TZ=Asia/Tokyo (package.json).
    expect(daysFromCivil({ year: 2024, month: 12, day: 2 })).toBe(Date.UTC(2024, 11, 2) / 86_400_000);
    expect(addDays(d('2024-12-01'), 1)).toBe('2024-12-02');
  });
});
