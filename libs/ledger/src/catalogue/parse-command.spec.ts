import { parseCommandBody } from './parse-command';

describe('command bodies', () => {
  it('refuse a null where a field may be left out: "address": null does not clear the address', () => {
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01', address: null })).toEqual({
      ok: false,
      errors: ['address: must not be null: send a value, or leave out a field that is optional'],
    });
    const issue = {
      documentType: 'eligibility-certificate',
      issuedOn: '2025-06-01',
      validFrom: '2025-06-01',
      delivery: 'counter',
      occasion: 'application',
    };
    expect(parseCommandBody('documents', issue)).toMatchObject({ ok: true });
    expect(parseCommandBody('documents', { ...issue, documentId: null })).toEqual({
      ok: false,
      errors: ['documentId: must not be null: send a value, or leave out a field that is optional'],
    });
  });

  it('refuse a details change that names no detail, and take one that names any', () => {
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01' })).toEqual({
      ok: false,
      errors: ['a details change names at least one detail it changes, besides effectiveOn'],
    });
    expect(parseCommandBody('details-change', { effectiveOn: '2025-10-01', burdenRatio: 20 })).toEqual({
      ok: true,
      body: { effectiveOn: '2025-10-01', burdenRatio: 20 },
    });
  });
});
