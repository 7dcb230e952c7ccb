import { createHash } from 'node:crypto';
import { logDigest, merkleTreeHash, type StreamHead } from './log-digest';

const sha256 = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
const leaf = (text: string) => sha256(Buffer.from([0]), Buffer.from(text));
const node = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

const heads: StreamHead[] = [
  { stream: 'insured-123455-B', revision: 2, hash: 'b'.repeat(64) },
  { stream: 'insured-123455-A', revision: 0, hash: 'a'.repeat(64) },
  { stream: 'insured-123455-C', revision: 5, hash: 'c'.repeat(64) },
];

describe('R41: the digest of the whole log', () => {
  it('is the SHA-256 of nothing for an empty log', () => {
    expect(logDigest([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('follows RFC 6962: leaves prefixed 0x00, nodes 0x01, the left subtree a power of two', () => {
    const entries = ['a', 'b', 'c', 'd', 'e'].map((text) => Buffer.from(text));
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(leaf) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    expect(merkleTreeHash(entries)).toEqual(node(node(node(a, b), node(c, d)), e));
  });

  it('hashes `<stream> <revision> <hash>` of each head, sorted by stream name whatever order they came in', () => {
    const expected = node(
      node(leaf(`insured-123455-A 0 ${'a'.repeat(64)}`), leaf(`insured-123455-B 2 ${'b'.repeat(64)}`)),
      leaf(`insured-123455-C 5 ${'c'.repeat(64)}`),
    );
    expect(logDigest(heads)).toBe(expected.toString('hex'));
    expect(logDigest([...heads].reverse())).toBe(logDigest(heads));
  });

  it('changes when any head changes its revision or hash, or a stream is added', () => {
    const digest = logDigest(heads);
    expect(logDigest(heads.map((head, index) => (index === 1 ? { ...head, revision: 1 } : head)))).not.toBe(digest);
    expect(logDigest(heads.map((head, index) => (index === 2 ? { ...head, hash: 'd'.repeat(64) } : head)))).not.toBe(
      digest,
    );
    expect(logDigest([...heads, { stream: 'insured-123455-D', revision: 0, hash: 'e'.repeat(64) }])).not.toBe(digest);
  });
});
