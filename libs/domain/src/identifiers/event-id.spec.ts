import { parseEventId } from './event-id';

describe('event ids', () => {
  it('takes a UUID as a store writes it, and one in upper case as the same id', () => {
    expect(parseEventId('0190a5b4-3c1e-7000-8000-00000000a001')).toEqual({
      ok: true,
      value: '0190a5b4-3c1e-7000-8000-00000000a001',
    });
    expect(parseEventId('0190A5B4-3C1E-7000-8000-00000000A001')).toEqual({
      ok: true,
      value: '0190a5b4-3c1e-7000-8000-00000000a001',
    });
  });

  it.each([
    ['enrolment-1'],
    ['0190a5b4-3c1e-7000-8000-00000000a0011'],
    ['{0190a5b4-3c1e-7000-8000-00000000a001}'],
    [42],
  ])('refuses %p, saying what an event id is', (raw) => {
    expect(parseEventId(raw)).toEqual({ ok: false, reason: expect.stringContaining('UUID') as unknown });
  });
});
