import { parseEventId } from './event-id';

describe('event ids', () => {
  it('takes a UUID as the ledger answers it', () => {
    expect(parseEventId('0190a5b4-3c1e-7000-8000-00000000a001')).toEqual({
      ok: true,
      value: '0190a5b4-3c1e-7000-8000-00000000a001',
    });
  });

  it.each([
    ['enrolment-1'],
    ['0190a5b4-3c1e-7000-8000-00000000a0011'],
    ['{0190a5b4-3c1e-7000-8000-00000000a001}'],
    // Another spelling of an id would name no event: refused here rather than not found later.
    ['0190A5B4-3C1E-7000-8000-00000000A001'],
    [42],
  ])('refuses %p, saying what an event id is', (raw) => {
    expect(parseEventId(raw)).toEqual({ ok: false, reason: expect.stringContaining('UUID in lower case') as unknown });
  });
});
