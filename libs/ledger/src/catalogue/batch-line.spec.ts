import { batchCommandNames, generateHistories, toBatchLine } from '@ledger/synthetic';
import { commandNames } from './catalogue';
import { parseBatchLine } from './batch-line';

describe('parseBatchLine', () => {
  it('reads every line `ledger generate` writes back into the command it was made from', () => {
    let sequence = 0;
    for (const generated of generateHistories(40, 3)) {
      const parsed = parseBatchLine(toBatchLine(generated, `key-${(sequence += 1)}`));
      if (!parsed.ok) throw new Error(`${generated.command.type}: ${parsed.errors.join('; ')}`);
      expect(parsed.command).toEqual(JSON.parse(JSON.stringify(generated.command)));
    }
    expect(sequence).toBeGreaterThan(40);
  });

  it('knows every command name of the batch format', () => {
    expect([...commandNames].sort()).toEqual(Object.values(batchCommandNames).sort());
  });

  it('R40: refuses an access record in an API batch, and takes it only from `ledger import`', () => {
    const line = JSON.stringify({
      command: 'eligibility-check',
      insurerNumber: '123455',
      personId: 'never-enrolled',
      idempotencyKey: 'forged-1',
      medicalInstitutionCode: '0110113719',
      confirmationDate: '2025-07-20',
      method: 'card',
      validity: 1,
    });
    expect(parseBatchLine(line)).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^command: eligibility-check is not accepted in a batch: .*R40/) as string],
    });
    expect(parseBatchLine(line, 'batch').ok).toBe(false);
    expect(parseBatchLine(line, 'import')).toMatchObject({ ok: true, command: { type: 'RecordEligibilityCheck' } });
    const unknown = parseBatchLine('{"command":"teleport"}', 'batch');
    expect(unknown.ok || unknown.errors[0]).not.toContain('eligibility-check');
  });

  it.each([
    ['not json', ['the line is not valid JSON']],
    ['[1]', ['the line must be a JSON object']],
    ['{"command":"teleport"}', [expect.stringContaining('command: must be one of enrolment') as string]],
  ])('refuses %s', (line, errors) => {
    expect(parseBatchLine(line)).toEqual({ ok: false, errors });
  });

  it('says a target field left out is required, and a null is no value', () => {
    const line = JSON.stringify({
      command: 'card-registration',
      insurerNumber: '123455',
      personId: null,
      registeredOn: '2025-05-12',
      channel: 'portal',
    });
    expect(parseBatchLine(line)).toEqual({
      ok: false,
      errors: [
        'personId: must not be null: send a value, or leave out a field that is optional',
        'idempotencyKey: is required',
      ],
    });
  });

  it('names every wrong field: check digits, types, unknown fields, missing document', () => {
    const parsed = parseBatchLine(
      JSON.stringify({
        command: 'document-delivery',
        insurerNumber: '123456',
        personId: 'has space',
        idempotencyKey: '',
        deliveredOn: '2025-02-30',
        colour: 'blue',
      }),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'insurerNumber: check digit is wrong',
        'personId: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -',
        'idempotencyKey: must be 1 to 128 printable ASCII characters, no space',
        'documentId: is required',
        'colour: not a field of this request',
        'deliveredOn: 2025-02-30 is not a day of the calendar',
      ],
    });
  });

  it('refuses a line whose only fault is its documentId, or an idempotency key with a space', () => {
    const delivery = {
      command: 'document-delivery',
      insurerNumber: '123455',
      personId: 'P1',
      idempotencyKey: 'd-1',
      documentId: 'doc-1',
      deliveredOn: '2025-02-10',
    };
    expect(parseBatchLine(JSON.stringify(delivery)).ok).toBe(true);
    expect(parseBatchLine(JSON.stringify({ ...delivery, documentId: 'has space' }))).toEqual({
      ok: false,
      errors: ['documentId: must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -'],
    });
    expect(parseBatchLine(JSON.stringify({ ...delivery, idempotencyKey: 'order 1' }))).toEqual({
      ok: false,
      errors: ['idempotencyKey: must be 1 to 128 printable ASCII characters, no space'],
    });
  });

  it('refuses an idempotency key that is a My Number, without repeating it (DOMAIN.md §3.3)', () => {
    const parsed = parseBatchLine(
      '{"command":"withdrawal","insurerNumber":"123455","personId":"P1","idempotencyKey":"621498320257","lostOn":"2025-04-01","reason":"death"}',
    );
    expect(parsed).toEqual({ ok: false, errors: ['idempotencyKey: must not be a My Number (DOMAIN.md §3.3)'] });
  });

  describe('names, addresses and household ids are texts the ledger can keep and print', () => {
    const enrolment = (fields: Record<string, unknown>) =>
      parseBatchLine(
        JSON.stringify({
          command: 'enrolment',
          insurerNumber: '123455',
          personId: 'P1',
          idempotencyKey: 'k1',
          number: '1234567',
          relationship: 'insured',
          acquiredOn: '2025-04-01',
          burdenRatio: 30,
          birthDate: '1980-05-10',
          name: '山田 太郎',
          ...fields,
        }),
      );

    it.each([
      [{ name: '   ' }, 'name: must not be blank'],
      [{ name: '\u3000' }, 'name: must not be blank'],
      [{ name: '\u200b' }, 'name: must not be blank'],
      [{ name: '\u200e\u200f' }, 'name: must not be blank'],
      [{ address: '\u00ad\u2060' }, 'address: must not be blank'],
      [{ householdId: '\u3164' }, 'householdId: must not be blank'],
      [{ name: '\ufeff ' }, 'name: must not be blank'],
      // Printed as nothing, though neither spaces nor format characters: a variation selector with
      // nothing to select, a Khmer inherent vowel, the blank Braille cell, a kanji's IVS selector.
      [{ name: '\ufe0f' }, 'name: must not be blank'],
      [{ name: '\u17b4' }, 'name: must not be blank'],
      [{ address: '\u2800\u2800' }, 'address: must not be blank'],
      [{ nameKana: '\u{E0100} ' }, 'nameKana: must not be blank'],
      [
        { name: '山田\u202e郎太' },
        'name: must not hold invisible formatting characters (zero-width, direction marks) or line separators',
      ],
      [
        { address: '東京都\u2028千代田区' },
        'address: must not hold invisible formatting characters (zero-width, direction marks) or line separators',
      ],
      [
        { nameKana: 'ヤマ\u200bダ' },
        'nameKana: must not hold invisible formatting characters (zero-width, direction marks) or line separators',
      ],
      [{ name: 'a\u0000b' }, 'name: must not hold control characters or unpaired surrogates'],
      [{ nameKana: 'ヤマダ\u0007' }, 'nameKana: must not hold control characters or unpaired surrogates'],
      [{ address: '東京都\n千代田区' }, 'address: must not hold control characters or unpaired surrogates'],
      [{ name: '山田\ud800' }, 'name: must not hold control characters or unpaired surrogates'],
      [
        { name: '\uFFFD\uFFFD \uFFFD\uFFFD' },
        'name: holds U+FFFD, the mark of bytes that were not UTF-8: send UTF-8 (convert a Shift_JIS file first)',
      ],
      [{ address: '東京都 123456789018' }, 'address: must not hold a My Number (DOMAIN.md §3.3)'],
      [{ householdId: '123456789018' }, 'householdId: must not hold a My Number (DOMAIN.md §3.3)'],
      [{ address: '個人番号 1234 5678 9018' }, 'address: must not hold a My Number (DOMAIN.md §3.3)'],
      [{ address: '１２３４－５６７８－９０１８' }, 'address: must not hold a My Number (DOMAIN.md §3.3)'],
    ])('refuses %j without repeating it', (fields, error) => {
      const parsed = enrolment(fields);
      expect(parsed).toEqual({ ok: false, errors: [error] });
      expect(JSON.stringify(parsed)).not.toMatch(/123456789018|1234 5678 9018|１２３４/);
    });

    it('takes a name with a pair of surrogates, twelve digits that fail the check, and a household id', () => {
      expect(enrolment({ name: '𠮷野 太郎', address: '番地 123456789012', householdId: 'H-0042' }).ok).toBe(true);
      // 葛 with the selector of its registered form (IVS, U+E0100): a mark that picks a glyph, not formatting.
      expect(enrolment({ name: '葛\u{E0100}城 太郎' }).ok).toBe(true);
    });
  });

  it('refuses a __proto__ field and a documentId outside a document lifecycle as unknown fields', () => {
    const line = (extra: string) =>
      `{"command":"withdrawal","insurerNumber":"123455","personId":"P1","idempotencyKey":"k","lostOn":"2025-04-01",${extra}}`;
    expect(parseBatchLine(line('"__proto__":{"reason":"x"}'))).toMatchObject({
      ok: false,
      errors: expect.arrayContaining(['__proto__: not a field of this request']) as unknown,
    });
    expect(parseBatchLine(line('"documentId":"D1"'))).toMatchObject({
      ok: false,
      errors: expect.arrayContaining(['documentId: not a field of this request']) as unknown,
    });
  });

  it('refuses a field named by a My Number without repeating the name (DOMAIN.md §3.3)', () => {
    const parsed = parseBatchLine(
      '{"command":"withdrawal","insurerNumber":"123455","personId":"P1","idempotencyKey":"k","lostOn":"2025-04-01","reason":"death","123456789018":true}',
    );
    expect(parsed).toMatchObject({
      ok: false,
      errors: ['a field whose name is not a name (not repeated): not a field of this request'],
    });
    expect(JSON.stringify(parsed)).not.toContain('123456789018');
  });

  it('refuses a burden ratio given as a string', () => {
    const parsed = parseBatchLine(
      JSON.stringify({
        command: 'details-change',
        insurerNumber: '123455',
        personId: 'P1',
        idempotencyKey: 'k',
        effectiveOn: '2025-04-01',
        burdenRatio: '20',
      }),
    );
    expect(parsed).toEqual({ ok: false, errors: ['burdenRatio: must be one of 10, 20, 30'] });
  });
});
