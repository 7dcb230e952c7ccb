import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** The reference: what JSON.stringify writes, canonicalised by the `canonicalize` library (RFC 8785). */
const reference = (value: unknown): string | undefined => {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : canonicalize(JSON.parse(json));
};

const awkward = fc.constantFrom<unknown>(
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e21,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  () => 1,
  Symbol('s'),
  new Date(Date.UTC(2025, 3, 1)),
  { toJSON: (key: string) => `key:${key}` },
  '\u2028\u0000"\\\ud83d\ude00',
  '山田 太郎',
);

describe('R41: canonical JSON of appended data and metadata', () => {
  it('equals canonicalize(JSON.parse(JSON.stringify(value))) for any value', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.anything({ withBoxedValues: true, withDate: true, withSparseArray: true, withNullPrototype: true }),
        awkward,
        fc.array(tie('node')),
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom('10', '9', '1', 'é', 'e\u0301', '\ud83d\ude00', '')),
          tie('node'),
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => expect(canonicalJson(input)).toBe(reference(input))),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units, integer-like keys included', () => {
    expect(canonicalJson({ b: 1, a: [1, { '10': true, '9': false }], Ａ: 0, '€': 0, '\ud83d\ude00': 0 })).toBe(
      '{"a":[1,{"10":true,"9":false}],"b":1,"€":0,"\ud83d\ude00":0,"Ａ":0}',
    );
  });

  it('sorts few keys and many keys alike, as the reference does', () => {
    const keys = fc.oneof(fc.string(), fc.constantFrom('10', '9', '1', 'é', 'e\u0301', '\ud83d\ude00', '', 'Ａ'));
    fc.assert(
      fc.property(fc.dictionary(keys, fc.integer(), { maxKeys: 80 }), (input) =>
        expect(canonicalJson(input)).toBe(reference(input)),
      ),
      { numRuns: 300 },
    );
  });

  it('escapes what JSON escapes in keys and strings, and only that', () => {
    const value = { 'a"b': 'line\nbreak', 'c\\d': '\u2028 \ud83d\ude00 \ud800', 名前: '山田 "太郎"' };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(JSON.parse(canonicalJson(value)!)).toEqual(value);
  });

  it('refuses what JSON.stringify refuses', () => {
    expect(() => canonicalJson({ amount: 1n })).toThrow(TypeError);
    const circular: Record<string, unknown> = { name: '山田 太郎' };
    circular.self = circular;
    expect(() => canonicalJson(circular)).toThrow(TypeError);
  });
});
