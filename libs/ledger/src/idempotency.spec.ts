import { type InsuredPersonCommand } from '@ledger/domain';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { v5 } from 'uuid';
import { parseBatchLine } from './catalogue';
import { enrolmentLine } from './command-lines.test-kit';
import { documentIdFor, eventIdFor, requestHashOf } from './idempotency';

/** The namespace the ids have always been derived in: a change would give a repeated request new ids. */
const namespace = 'a7d3c1e2-5b4f-4e8a-9c6d-2f1e0b9a8c7d';

const referenceHash = (command: unknown): string => createHash('sha256').update(canonicalize(command)!).digest('hex');

/** Command-like values: JSON data with absent optional fields, names in any script. */
const commandLike = fc.record({
  type: fc.string(),
  data: fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('10', '9', 'é', 'e\u0301', '\ud83d\ude00')),
    fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string({ unit: 'grapheme' })),
  ),
});

describe('Idempotency keys and request hashes (ADR 0005)', () => {
  it('hashes a command as SHA-256 of its RFC 8785 form, as the canonicalize package writes it', () => {
    fc.assert(
      fc.property(commandLike, (command) =>
        expect(requestHashOf(command as unknown as InsuredPersonCommand)).toBe(referenceHash(command)),
      ),
      { numRuns: 500 },
    );
  });

  it('hashes a parsed enrolment, and derives its ids, as logs already written hold them', () => {
    // Literals: a change of the parsed command's shape or of the derivation would make every request
    // repeated after an upgrade a different one (IDEMPOTENCY_KEY_REUSED), and every repeat write anew.
    const parsed = parseBatchLine(enrolmentLine('k-1'));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(requestHashOf(parsed.command)).toBe('827ed63222ee4eda6763450803162e2fc7605ecbbb9566f75432d148b12afb93');
    expect(eventIdFor('insured-123455-P-1', 'k-1', 0)).toBe('9da9c5e9-0486-548f-8216-b5cf3139749a');
    expect(documentIdFor('insured-123455-P-1', 'k-1')).toBe('e52f9bf5-df1b-5a2b-b1a6-cc2cc3c7f9ba');
  });

  it('derives event and document ids as UUID v5 in the ledger namespace, the same as the uuid package', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), fc.nat(1000), (stream, key, index) => {
        expect(eventIdFor(stream, key, index)).toBe(v5(`${stream}\n${key}\n${index}`, namespace));
        expect(documentIdFor(stream, key)).toBe(v5(`${stream}\n${key}\ndocument`, namespace));
      }),
      { numRuns: 500 },
    );
  });
});
