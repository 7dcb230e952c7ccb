import { parseDocumentId } from './document-id';

describe('document id', () => {
  it('accepts the same syntax as a person id', () => {
    for (const text of ['D', 'doc_2024-001', 'y'.repeat(64)]) {
      expect(parseDocumentId(text)).toEqual({ ok: true, value: text });
    }
  });

  it('refuses a path-like or over-long id, naming the field', () => {
    for (const raw of ['../x', 'y'.repeat(65), undefined]) {
      expect(parseDocumentId(raw)).toEqual({
        ok: false,
        reason: 'documentId must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -',
      });
    }
  });

  it('refuses a My Number (DOMAIN.md §3.3)', () => {
    expect(parseDocumentId('621498320257')).toEqual({
      ok: false,
      reason: "documentId must not be a My Number (DOMAIN.md §3.3): use the insurer's own id",
    });
  });
});
