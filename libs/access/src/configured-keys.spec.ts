import { checkScope, parseConfiguredKeys } from './configured-keys';

describe('parseConfiguredKeys (LEDGER_API_KEYS)', () => {
  it('reads keys with their role and insurers', () => {
    expect(
      parseConfiguredKeys(
        '[{"key":"clerk-key-0123456789","role":"insurer-clerk","insurers":["138057"]},{"key":"audit-key-0123456789","role":"auditor"}]',
      ),
    ).toEqual({
      ok: true,
      keys: [
        { key: 'clerk-key-0123456789', role: 'insurer-clerk', insurers: ['138057'] },
        { key: 'audit-key-0123456789', role: 'auditor' },
      ],
    });
  });

  it.each([
    ['not json', 'must be a JSON array'],
    ['{}', 'must be a JSON array'],
    ['[{"key":"short","role":"admin"}]', 'entry 0: key must be at least 16 characters'],
    ['[{"key":"long-enough-key-0123","role":"king"}]', 'entry 0: role: must be one of'],
    [
      '[{"key":"long-enough-key-0123","role":"insurer-clerk"}]',
      'entry 0: insurers: an insurer-clerk key needs at least one',
    ],
    ['[{"key":"long-enough-key-0123","role":"insurer-clerk","insurers":["138058"]}]', 'check digit is wrong'],
    [
      '[{"key":"long-enough-key-0123","role":"auditor","insurers":["138057"]}]',
      'insurers: only an insurer-clerk key takes them',
    ],
    ['[{"key":"long-enough-key-0123","role":"admin","extra":1}]', 'unknown field extra'],
    [
      '[{"key":"long-enough-key-ключ","role":"admin"}]',
      'entry 0: key must be at least 16 characters of printable ASCII',
    ],
    [
      '[{"key":"long-enough-key-0123\\u007f","role":"admin"}]',
      'entry 0: key must be at least 16 characters of printable ASCII',
    ],
  ])('refuses %s without repeating the key', (raw, reason) => {
    const parsed = parseConfiguredKeys(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
    expect(!parsed.ok && parsed.reason).not.toContain('long-enough-key-0123');
  });

  it('refuses a key listed twice, naming both entries and not the key, whether or not their roles differ', () => {
    const entries = (second: string) =>
      `[{"key":"twice-listed-key-0123","role":"subscriber"},{"key":"audit-key-0123456789","role":"auditor"},${second}]`;
    for (const second of [
      '{"key":"twice-listed-key-0123","role":"admin"}',
      '{"key":"twice-listed-key-0123","role":"subscriber"}',
    ]) {
      expect(parseConfiguredKeys(entries(second))).toEqual({
        ok: false,
        reason: 'entries 0 and 2 hold the same key: list it once',
      });
    }
  });

  it('refuses an insurer-clerk key with an empty insurers array', () => {
    const parsed = parseConfiguredKeys('[{"key":"abcdefghijklmnop","role":"insurer-clerk","insurers":[]}]');
    expect(parsed).toEqual({
      ok: false,
      reason: 'entry 0: insurers: an insurer-clerk key needs at least one',
    });
  });

  it('refuses an insurer listed twice, which the API and the CLI refuse the same way (checkScope)', () => {
    const parsed = parseConfiguredKeys(
      '[{"key":"abcdefghijklmnop","role":"insurer-clerk","insurers":["123455","06050116","123455"]}]',
    );
    expect(parsed).toEqual({ ok: false, reason: 'entry 0: insurers: 123455 is listed twice' });
    expect(checkScope({ role: 'insurer-clerk', insurers: ['123455', '06050116'] })).toBeUndefined();
  });

  it('reads the institutions a medical-institution key checks as', () => {
    expect(
      parseConfiguredKeys(
        '[{"key":"clinic-key-0123456789","role":"medical-institution","medicalInstitutions":["0110113719"]}]',
      ),
    ).toEqual({
      ok: true,
      keys: [{ key: 'clinic-key-0123456789', role: 'medical-institution', medicalInstitutions: ['0110113719'] }],
    });
  });

  it.each([
    [{ role: 'auditor', medicalInstitutions: ['0110113719'] }, 'only a medical-institution key takes them'],
    [
      { role: 'insurer-clerk', insurers: ['123455'], medicalInstitutions: ['0110113719'] },
      'only a medical-institution key takes them',
    ],
    [{ role: 'medical-institution', medicalInstitutions: [] }, 'must be a non-empty array when given'],
    [{ role: 'medical-institution', medicalInstitutions: '0110113719' }, 'must be a non-empty array when given'],
    [
      { role: 'medical-institution', medicalInstitutions: ['0110113718'] },
      'medical institution code check digit is wrong',
    ],
    [{ role: 'medical-institution', medicalInstitutions: ['0110113719', '0110113719'] }, '0110113719 is listed twice'],
  ])('refuses the institutions of %j, naming the field apart from the reason', (scope, reason) => {
    expect(checkScope(scope)).toEqual({ field: 'medicalInstitutions', reason });
  });
});
