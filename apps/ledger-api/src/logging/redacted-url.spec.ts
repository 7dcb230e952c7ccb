import { redactedUrl } from './redacted-url';

describe('the URL as the ledger repeats it (log lines, problem instances)', () => {
  it('keeps the path and the parameters the API reads', () => {
    expect(redactedUrl('/v1/insurers/123455/persons/P1')).toBe('/v1/insurers/123455/persons/P1');
    expect(redactedUrl('/v1/audit?insurerNumber=123455&from=2025-01-01&to=2025-01-31')).toBe(
      '/v1/audit?insurerNumber=123455&from=2025-01-01&to=2025-01-31',
    );
  });

  it('redacts any other pair, name and value: a My Number sent in a query never reaches the log', () => {
    expect(redactedUrl('/v1/insurers/123455/persons/P1?on=2025-01-01&myNumber=123456789018&123456789018')).toBe(
      '/v1/insurers/123455/persons/P1?on=2025-01-01&[redacted]&[redacted]',
    );
  });

  it('reads percent-encoded names as the API does, and redacts a name that does not decode', () => {
    expect(redactedUrl('/v1/x?%6Fn=2025-01-01&my%4Eumber=1&%E0%A4%A=2')).toBe(
      '/v1/x?%6Fn=2025-01-01&[redacted]&[redacted]',
    );
  });

  it('redacts a pair the API reads when its value is not of that parameter’s shape, or is a My Number', () => {
    expect(
      redactedUrl('/v1/insurers/123455/persons/P2?from=123456789018&to=621498320257&after=983205673214&after=42'),
    ).toBe('/v1/insurers/123455/persons/P2?[redacted]&[redacted]&[redacted]&after=42');
    // The API takes a position of at most 15 digits; a longer one is no position, whatever it is.
    expect(redactedUrl('/v1/feeds/audit?after=1234567890123456')).toBe('/v1/feeds/audit?[redacted]');
    expect(redactedUrl('/v1/admin/keys?insurerNumber=123456789018&insurerNumber=06050116')).toBe(
      '/v1/admin/keys?[redacted]&insurerNumber=06050116',
    );
    expect(redactedUrl('/v1/audit?from=2025-04-01T09%3A30%3A00%2B09%3A00&asKnownAt=2025-04-01T00:00:00Z&on=')).toBe(
      '/v1/audit?from=2025-04-01T09%3A30%3A00%2B09%3A00&asKnownAt=2025-04-01T00:00:00Z&[redacted]',
    );
  });

  it('redacts a path segment that is a My Number, percent-encoded or not, and keeps the others', () => {
    expect(redactedUrl('/v1/insurers/123455/persons/123456789018/enrolment?on=2025-01-01')).toBe(
      '/v1/insurers/123455/persons/[redacted]/enrolment?on=2025-01-01',
    );
    expect(redactedUrl('/v1/insurers/123455/persons/%36%32%31498320257')).toBe(
      '/v1/insurers/123455/persons/[redacted]',
    );
    expect(redactedUrl('/v1/insurers/123455/persons/123456789012')).toBe('/v1/insurers/123455/persons/123456789012');
    // Inside a segment too, sent as digits or percent-encoded: the whole segment goes.
    expect(redactedUrl('/v1/x%36%32%31498320257/y')).toBe('/v1/[redacted]/y');
    expect(redactedUrl('/v1/x%36%32%31498320257%zz/y')).toBe('/v1/[redacted]/y');
    expect(redactedUrl('/v1/documents/D983205673214/delivery')).toBe('/v1/documents/[redacted]/delivery');
  });

  it('§3.3: redacts a path segment holding a My Number in full-width digits or grouped by spaces, percent-encoded', () => {
    const fullWidth = encodeURIComponent('１２３４５６７８９０１８');
    expect(redactedUrl(`/v1/insurers/123455/persons/${fullWidth}`)).toBe('/v1/insurers/123455/persons/[redacted]');
    expect(redactedUrl('/v1/insurers/123455/persons/1234%205678%209018')).toBe(
      '/v1/insurers/123455/persons/[redacted]',
    );
    expect(redactedUrl('/v1/insurers/123455/persons/P%20123')).toBe('/v1/insurers/123455/persons/P%20123');
  });

  it('redacts a key given in the path to revoke it, and keeps a key id', () => {
    expect(redactedUrl('/v1/admin/keys/lk_c2VjcmV0LWtleS1pbi10aGUtcGF0aA')).toBe('/v1/admin/keys/[redacted]');
    expect(redactedUrl('/v1/admin/keys/key-3f9a1c2b7d4e')).toBe('/v1/admin/keys/key-3f9a1c2b7d4e');
    expect(redactedUrl('/v1/admin/keys/cfg-4c0ad1081bae')).toBe('/v1/admin/keys/cfg-4c0ad1081bae');
  });
});
