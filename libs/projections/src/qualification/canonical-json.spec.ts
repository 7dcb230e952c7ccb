import canonicalize from 'canonicalize';
import { evolve, initialState, type InsuredPersonEvent, type InsuredPersonState } from '@ledger/domain';
import { generateHistories } from '@ledger/synthetic';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('gives the same text as the canonicalize package for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) =>
        expect(canonicalJson(value)).toBe(canonicalize(value)),
      ),
      { numRuns: 500 },
    );
  });

  it('gives the same text as the canonicalize package for generated person states', () => {
    for (const { events } of generateHistories(200, 3)) {
      const state = events.reduce<InsuredPersonState>(
        (folded, { type, data }) => evolve(folded, { type, schemaVersion: 1, data } as InsuredPersonEvent),
        initialState,
      );
      const plain = { ...state, documents: [...state.documents.values()] };
      expect(canonicalJson(plain)).toBe(canonicalize(plain));
    }
  });

  it('escapes what JSON escapes in keys and strings, and only that', () => {
    const value = { 'a"b': 'line\nbreak', 'c\\d': '\u2028 \ud83d\ude00 \ud800', 名前: '山田 "太郎"' };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('sorts keys whatever order they were added in and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 'x'], c: undefined, é: 2, Z: null })).toBe(
      '{"Z":null,"a":[null,"x"],"b":1,"é":2}',
    );
  });

  it('refuses numbers that JSON cannot carry', () => {
    expect(() => canonicalJson({ ratio: Number.NaN })).toThrow('NaN has no JSON form');
  });
});
