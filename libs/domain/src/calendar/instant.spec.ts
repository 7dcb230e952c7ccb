import { epochMillisOf, instantFromEpochMillis, isInstant, japanDateOf, parseInstant } from './instant';

const instant = (text: string) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('instant', () => {
  it('accepts ISO-8601 instants with Z or an offset', () => {
    for (const text of [
      '2025-04-01T09:30:00+09:00',
      '2025-04-01T00:30:00Z',
      '2025-04-01T00:30:00.123456Z',
      '2025-04-01T00:30Z',
    ]) {
      expect(isInstant(text)).toBe(true);
    }
  });

  it('refuses an instant without offset (it would be read in the server zone) and malformed ones', () => {
    for (const text of ['2025-04-01T09:30:00', '2025-04-01', '2025-02-30T00:00:00Z', '2025-04-01T25:00:00Z', 42]) {
      expect(isInstant(text)).toBe(false);
    }
  });

  it(`dates an instant in Japan time whatever the process zone (${process.env.TZ ?? 'unset'})`, () => {
    expect(japanDateOf(instant('2025-03-31T14:59:59.999Z'))).toBe('2025-03-31');
    expect(japanDateOf(instant('2025-03-31T15:00:00Z'))).toBe('2025-04-01');
    expect(japanDateOf(instant('2025-04-01T00:00:00+09:00'))).toBe('2025-04-01');
    expect(japanDateOf(instant('2025-03-31T23:59:00-08:00'))).toBe('2025-04-01');
    expect(japanDateOf(instant('1969-12-31T15:00:00Z'))).toBe('1970-01-01');
  });

  it('round-trips through epoch milliseconds', () => {
    const at = instant('2025-04-01T00:30:00.000Z');
    expect(instantFromEpochMillis(epochMillisOf(at))).toBe(at);
  });
});
