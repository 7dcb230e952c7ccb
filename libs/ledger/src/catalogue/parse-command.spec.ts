import { parseCommandBody } from './parse-command';

describe('command bodies', () => {
  it('refuse a null where a field may be left out: "address": null does not clear the address', () => {
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01', address: null })).toEqual({
      ok: false,
      errors: ['address must be a string'],
    });
    expect(parseCommandBody('documents', { documentId: null })).toMatchObject({ ok: false });
  });

  it('refuse a details change that names no detail, and take one that names any', () => {
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01' })).toEqual({
      ok: false,
      errors: [
        'a details change names at least one detail it changes: name, nameKana, address, householdId, burdenRatio, symbol, number or branch',
      ],
    });
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01', burdenRatio: 20 })).toEqual({
      ok: true,
      body: { effectiveOn: '2025-10-01', burdenRatio: 20 },
    });
  });
});
