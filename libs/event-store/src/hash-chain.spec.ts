import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { canonicalContent, chainHash, encodedChainHash, withChain, withChainJson } from './hash-chain';

const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

describe('R41: the canonical encoding of an event', () => {
  it('is exactly RFC 8785 canonical JSON of the whole content', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.uuid(),
          stream: fc.string({ minLength: 1 }),
          revision: fc.nat(),
          type: fc.string({ minLength: 1 }),
          data: json,
          metadata: fc.dictionary(fc.string(), json),
          recordedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          previousHash: fc.option(
            fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
            { nil: null },
          ),
        }),
        (content) => {
          const encoded = {
            ...content,
            dataJson: canonicalJson(content.data)!,
            metadataJson: canonicalJson(content.metadata)!,
          };
          expect(canonicalContent(encoded)).toBe(canonicalize(content));
          expect(encodedChainHash(encoded)).toBe(chainHash(content));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes with any field, the previous hash included', () => {
    const content = {
      id: 'a',
      stream: 's',
      revision: 0,
      type: 't',
      data: { 名前: '山田' },
      metadata: {},
      recordedAt: '2025-04-01T00:00:00.000Z',
      previousHash: null,
    };
    const hash = chainHash(content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const changed of [
      { id: 'b' },
      { stream: 'S' },
      { type: 'T' },
      { metadata: { actor: 'x' } },
      { revision: 1 },
      { data: { 名前: '山本' } },
      { previousHash: 'f'.repeat(64) },
      { recordedAt: '2025-04-01T00:00:00.001Z' },
    ]) {
      expect(chainHash({ ...content, ...changed })).not.toBe(hash);
    }
  });
});

describe('chain keys in metadata JSON', () => {
  it('writes the same JSON as serialising the chained metadata', () => {
    for (const metadata of [{}, { actor: 'clerk', nested: { a: [1, 2] } }]) {
      for (const previous of [null, 'a'.repeat(64)]) {
        expect(JSON.parse(withChainJson(JSON.stringify(metadata), 'f'.repeat(64), previous))).toEqual(
          withChain(metadata, 'f'.repeat(64), previous),
        );
      }
    }
  });
});
