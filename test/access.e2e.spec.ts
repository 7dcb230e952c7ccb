// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

import { request } from 'node:http';
import { join } from 'node:path';
import {
  eventually,
  type RunningApi,
  runApiExpectingExit,
  startApi,
  temporaryDirectory,
} from './support/ledger-processes';
import { call, testKeys, testKeysVariable } from './support/keys';
import { command, enrolmentBody, freshKey, headPosition, personPath, type Problem } from './support/commands';
import { readFeed } from './support/sse';
import { logLines } from './support/log-lines';

interface CreatedKey {
  readonly id: string;
  readonly key: string;
  readonly role: string;
}

describe('access: API keys and the admin routes', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  it('answers 400 naming the header to a header the ledger reads once, sent twice, and writes nothing', async () => {
    const before = await headPosition(api);
    const person = `${personPath(freshKey())}/enrolment`;
    /** Sends the enrolment with `twice` as two header lines, the others once. */
    const sendWith = (twice: Record<string, readonly string[]>) =>
      new Promise<{ status: number; body: string }>((done, fail) => {
        const sent = request(`${api.url}${person}`, { method: 'POST', agent: false });
        sent.setHeader('authorization', `Bearer ${testKeys.clerk}`);
        sent.setHeader('content-type', 'application/json');
        sent.setHeader('idempotency-key', freshKey());
        for (const [name, values] of Object.entries(twice)) sent.setHeader(name, [...values]);
        sent.on('error', fail);
        sent.on('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => done({ status: response.statusCode!, body }));
        });
        sent.end(JSON.stringify(enrolmentBody));
      });
    const cases: readonly [string, Record<string, readonly string[]>][] = [
      // As a proxy that adds its own key in front of the client's would send them: Node keeps the first.
      ['Authorization', { Authorization: [`Bearer ${testKeys.otherClerk}`, `Bearer ${testKeys.clerk}`] }],
      ['Authorization', { authorization: [`Bearer ${testKeys.clerk}`, `Bearer ${testKeys.clerk}`] }],
      ['Idempotency-Key', { 'idempotency-key': [freshKey(), freshKey()] }],
      ['If-Match', { 'If-Match': ['-1', '-1'] }],
      ['Correlation-Id', { 'correlation-id': ['one', 'two'] }],
      ['Causation-Id', { 'CAUSATION-ID': ['one', 'one'] }],
      ['Ledger-Min-Position', { 'ledger-min-position': ['0', '0'] }],
    ];
    for (const [name, twice] of cases) {
      const answer = await sendWith(twice);
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      expect(JSON.parse(answer.body)).toMatchObject({
        detail: `${name}: the header must be sent once`,
        errors: [`${name}: the header must be sent once`],
      });
    }
    expect(await headPosition(api)).toBe(before);
    const once = await sendWith({ 'correlation-id': ['one'] });
    expect(once.status).toBe(201);
  });

  it('answers 401 problem+json without a key, with a malformed header and with a wrong key', async () => {
    const withoutKey: Record<string, string> = {};
    for (const headers of [
      withoutKey,
      { authorization: 'Basic abc' },
      { authorization: 'Bearer not-a-key-of-this-ledger' },
    ]) {
      const response = await fetch(`${api.url}/v1/admin/keys`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await response.json()) as Problem).status).toBe(401);
    }
  });

  it('takes the scheme in any case, as RFC 9110 has it', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer  ']) {
      const response = await fetch(`${api.url}/v1/admin/keys`, {
        headers: { authorization: `${scheme} ${testKeys.admin}` },
      });
      expect(response.status).toBe(200);
    }
  });

  it.each(['clerk', 'auditor', 'medical', 'subscriber'] as const)(
    'answers 403 to %s on every admin route',
    async (name) => {
      for (const [method, path, body] of [
        ['POST', '/v1/admin/keys', { role: 'auditor' }],
        ['GET', '/v1/admin/keys', undefined],
        ['DELETE', '/v1/admin/keys/key-000000000000', undefined],
      ] as const) {
        const response = await call(api, method, path, { key: testKeys[name], body });
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    },
  );

  it('lets an admin create a key that works at once, answered once, listed without it, and revoked', async () => {
    const response = await call(api, 'POST', '/v1/admin/keys', {
      key: testKeys.admin,
      body: { role: 'auditor' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = (await response.json()) as CreatedKey;
    expect(created).toMatchObject({ role: 'auditor', source: 'created', key: expect.stringMatching(/^lk_/) as string });

    const listed = await (await call(api, 'GET', '/v1/admin/keys', { key: testKeys.admin })).text();
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.key);
    for (const configured of Object.values(testKeys)) expect(listed).not.toContain(configured);

    // The new auditor key authenticates: the admin route answers 403 (a role problem), not 401.
    expect((await call(api, 'GET', '/v1/admin/keys', { key: created.key })).status).toBe(403);
    const revoked = await call(api, 'DELETE', `/v1/admin/keys/${created.id}`, { key: testKeys.admin });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: created.id, revokedAt: expect.any(String) as string });
    expect((await call(api, 'GET', '/v1/admin/keys', { key: created.key })).status).toBe(401);
    expect((await call(api, 'DELETE', '/v1/admin/keys/key-missing', { key: testKeys.admin })).status).toBe(404);
  });

  it('revokes a key given itself, as the CLI does, and repeats it nowhere: answer, problem or log', async () => {
    const response = await call(api, 'POST', '/v1/admin/keys', { key: testKeys.admin, body: { role: 'subscriber' } });
    const leaked = (await response.json()) as CreatedKey;
    const revocationLines = () =>
      logLines(api).filter((line) => line.req?.url?.startsWith('/v1/admin/keys/') && line.msg === 'request completed');
    const linesBefore = revocationLines().length;
    const revoked = await call(api, 'DELETE', `/v1/admin/keys/${leaked.key}`, { key: testKeys.admin });
    expect(revoked.status).toBe(200);
    const answer = await revoked.text();
    expect(answer).not.toContain(leaked.key);
    expect(JSON.parse(answer)).toMatchObject({ id: leaked.id, revokedAt: expect.any(String) as string });
    expect((await call(api, 'GET', '/v1/feeds/audit', { key: leaked.key })).status).toBe(401);
    const unknown = await call(api, 'DELETE', '/v1/admin/keys/not-a-key-of-this-ledger-0123', { key: testKeys.admin });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('not-a-key-of-this-ledger-0123');
    // Both requests' lines written, before looking for what they must not hold.
    await eventually('the two revocations’ lines', () => revocationLines().length >= linesBefore + 2);
    for (const output of [api.stdout(), api.stderr()]) {
      expect(output).not.toContain(leaked.key);
      expect(output).not.toContain('not-a-key-of-this-ledger-0123');
    }
  });

  it('ends an open feed when its key is revoked: the change after it is not sent, and reconnecting is 401', async () => {
    const response = await call(api, 'POST', '/v1/admin/keys', { key: testKeys.admin, body: { role: 'subscriber' } });
    const created = (await response.json()) as CreatedKey;
    const after = await headPosition(api);
    const feed = readFeed(api, `/v1/feeds/qualification?after=${after}`, created.key, () => false, {}, 20_000);
    const before = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody);
    const { position: seen } = (await before.json()) as { position: number };
    // Seen by the open feed first: then the key is revoked while the stream is open.
    const watcher = await readFeed(api, `/v1/feeds/qualification?after=${after}`, testKeys.auditor, (events) =>
      events.some((event) => event.id === String(seen)),
    );
    expect(watcher.events.map((event) => event.id)).toContain(String(seen));
    expect((await call(api, 'DELETE', `/v1/admin/keys/${created.id}`, { key: testKeys.admin })).status).toBe(200);
    const later = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody);
    const { position: unseen } = (await later.json()) as { position: number };

    const { events, ended } = await feed;
    expect(ended).toBe(true);
    expect(events.map((event) => event.id)).not.toContain(String(unseen));
    const reconnected = await readFeed(api, `/v1/feeds/qualification?after=${seen}`, created.key, () => true);
    expect(reconnected.status).toBe(401);
  });

  it('refuses a clerk key without insurers and a bad insurer number, naming the field, and creates none', async () => {
    const keyCount = async () =>
      ((await (await call(api, 'GET', '/v1/admin/keys', { key: testKeys.admin })).json()) as unknown[]).length;
    const keysBefore = await keyCount();
    for (const [body, field] of [
      [{ role: 'insurer-clerk' }, 'insurers'],
      [{ role: 'insurer-clerk', insurers: ['123456'] }, 'insurers\\[0\\]'],
      [{ role: 'janitor' }, 'role'],
      [{ role: 'auditor', extra: true }, 'extra'],
    ] as const) {
      const response = await call(api, 'POST', '/v1/admin/keys', { key: testKeys.admin, body });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as Problem).errors?.[0]).toMatch(new RegExp(`^${field}`));
    }
    expect(await keyCount()).toBe(keysBefore);
  });

  it('names the wrong insurer and its own reason: a check digit, not the array', async () => {
    for (const [insurers, reason] of [
      [['123456'], 'insurers[0]: insurer number check digit is wrong'],
      [['123455', '12345'], 'insurers[1]: insurer number must be 6 or 8 digits'],
      [['123455', '123455'], 'insurers: 123455 is listed twice'],
    ] as const) {
      const response = await call(api, 'POST', '/v1/admin/keys', {
        key: testKeys.admin,
        body: { role: 'insurer-clerk', insurers },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem & { errors: string[] }).errors).toEqual([reason]);
    }
  });

  it('binds a medical-institution key to the institutions it names: a check as another is 403 and records nothing', async () => {
    const response = await call(api, 'POST', '/v1/admin/keys', {
      key: testKeys.admin,
      body: { role: 'medical-institution', medicalInstitutions: ['0110113719'] },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedKey & { medicalInstitutions: string[] };
    expect(created.medicalInstitutions).toEqual(['0110113719']);
    const asking = (medicalInstitutionCode: string, key = created.key) =>
      call(api, 'POST', '/v1/eligibility-checks', {
        key,
        body: {
          medicalInstitutionCode,
          confirmationDate: '2025-06-01',
          method: 'numbers',
          insurerNumber: '123455',
          number: '9999',
          birthDate: '1975-07-07',
        },
      });

    const before = await headPosition(api);
    const elsewhere = await asking('1310112345');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await elsewhere.json()) as Problem & { errors: string[] }).errors).toEqual([
      'medicalInstitutionCode: this key does not check as medical institution 1310112345',
    ]);
    expect(await headPosition(api)).toBe(before);
    // No event records the refusal: its request line does, naming the key that asked.
    const refusals = () =>
      logLines(api).filter((line) => line.req?.url === '/v1/eligibility-checks' && line.res?.statusCode === 403);
    await eventually('the refusal’s request line', () => refusals().length > 0);
    expect(refusals()).toEqual([expect.objectContaining({ keyId: created.id })]);
    // The guard's refusal of a role too.
    expect((await call(api, 'GET', '/v1/admin/keys', { key: created.key })).status).toBe(403);
    const roleRefusal = () =>
      logLines(api).filter((line) => line.req?.url === '/v1/admin/keys' && line.keyId === created.id);
    await eventually('the role refusal’s request line', () => roleRefusal().length > 0);
    expect(roleRefusal()).toEqual([expect.objectContaining({ res: { statusCode: 403 } })]);

    expect((await asking('0110113719')).status).toBe(200);
    expect(await headPosition(api)).toBe(before + 1);
    // A key naming no institution checks as any, as a gateway relaying many clinics does.
    expect((await asking('1310112345', testKeys.medical)).status).toBe(200);
  });

  it('refuses institutions given to another role, a wrong code or one listed twice, naming the field', async () => {
    for (const [body, reason] of [
      [
        { role: 'auditor', medicalInstitutions: ['0110113719'] },
        'medicalInstitutions: only a medical-institution key takes them',
      ],
      [
        { role: 'medical-institution', medicalInstitutions: ['0110113718'] },
        'medicalInstitutions[0]: medical institution code check digit is wrong',
      ],
      [
        { role: 'medical-institution', medicalInstitutions: ['0110113719', '0110113719'] },
        'medicalInstitutions: 0110113719 is listed twice',
      ],
    ] as const) {
      const response = await call(api, 'POST', '/v1/admin/keys', { key: testKeys.admin, body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem & { errors: string[] }).errors).toEqual([reason]);
    }
  });

  it('keeps /health public', async () => {
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});

/** The admin key a first start wrote on stdout, in its log line. */
function firstAdminKeyOf(api: RunningApi): string {
  const line = api
    .stdout()
    .split('\n')
    .find((entry) => entry.includes('firstAdminKey'));
  return (JSON.parse(line!) as { firstAdminKey: string }).firstAdminKey;
}

describe('access: the first start', () => {
  it('creates one admin key when none exists, prints it once, and it works', async () => {
    const api = await startApi();
    try {
      const key = firstAdminKeyOf(api);
      expect(api.stdout().split(key)).toHaveLength(2);
      const response = await call(api, 'GET', '/v1/admin/keys', { key });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([expect.objectContaining({ role: 'admin', source: 'created' })]);
    } finally {
      await api.stop();
    }
  });

  it('prints the first admin key whatever LOG_LEVEL says: it is its only copy', async () => {
    const api = await startApi({ LOG_LEVEL: 'silent' });
    try {
      const key = firstAdminKeyOf(api);
      expect((await call(api, 'GET', '/v1/admin/keys', { key })).status).toBe(200);
    } finally {
      await api.stop();
    }
  });

  it('leaves the keys of the service running on a data directory alone when a second start there is refused', async () => {
    const data = join(temporaryDirectory(), 'data');
    const running = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable });
    try {
      const second = await runApiExpectingExit({
        LEDGER_DATA_DIR: data,
        LEDGER_API_KEYS: JSON.stringify([{ key: 'another-auditor-key-0123', role: 'auditor' }]),
      });
      expect(second.status).toBe(1);
      expect(second.stdout + second.stderr).toContain('already running');
      expect((await call(running, 'GET', '/v1/admin/keys', { key: testKeys.admin })).status).toBe(200);
      expect((await call(running, 'GET', '/v1/admin/keys', { key: 'another-auditor-key-0123' })).status).toBe(401);
    } finally {
      await running.stop();
    }
  });

  it('revokes every configured key when LEDGER_API_KEYS is unset, and makes a new admin key since none is left', async () => {
    const data = join(temporaryDirectory(), 'data');
    const first = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable });
    try {
      expect((await call(first, 'GET', '/v1/admin/keys', { key: testKeys.admin })).status).toBe(200);
      expect(first.stdout()).not.toContain('firstAdminKey');
    } finally {
      await first.stop();
    }
    const api = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: undefined });
    try {
      for (const key of Object.values(testKeys)) {
        expect((await call(api, 'GET', '/v1/admin/keys', { key })).status).toBe(401);
      }
      const admin = firstAdminKeyOf(api);
      const response = await call(api, 'GET', '/v1/admin/keys', { key: admin });
      expect(response.status).toBe(200);
      const keys = (await response.json()) as { source: string; role: string; revokedAt?: string }[];
      const configured = keys.filter(({ source }) => source === 'configured');
      expect(configured).toHaveLength(Object.keys(testKeys).length);
      for (const key of configured) expect(key.revokedAt).toEqual(expect.any(String));
      expect(keys.filter(({ revokedAt }) => revokedAt === undefined)).toEqual([
        expect.objectContaining({ role: 'admin', source: 'created' }),
      ]);
    } finally {
      await api.stop();
    }
  });

  it('refuses to start when LEDGER_API_KEYS lists a key an admin created, naming the entry and its id, not the key', async () => {
    const data = join(temporaryDirectory(), 'data');
    const first = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable });
    let created: CreatedKey;
    try {
      const response = await call(first, 'POST', '/v1/admin/keys', {
        key: testKeys.admin,
        body: { role: 'subscriber' },
      });
      created = (await response.json()) as CreatedKey;
    } finally {
      await first.stop();
    }
    const run = await runApiExpectingExit({
      LEDGER_DATA_DIR: data,
      LEDGER_API_KEYS: JSON.stringify([
        { key: testKeys.admin, role: 'admin' },
        { key: created.key, role: 'admin' },
      ]),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `Invalid configuration: LEDGER_API_KEYS entry 1 is the key ${created.id}, which an admin created: a key is created or listed, not both\n`,
    );
  });

  it('refuses to start with a bad LEDGER_API_KEYS, naming the variable and not the key', async () => {
    const run = await runApiExpectingExit({ LEDGER_API_KEYS: '[{"key":"secret-key-0123456789","role":"boss"}]' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LEDGER_API_KEYS entry 0: role: must be one of');
    expect(run.stderr).not.toContain('secret-key-0123456789');
  });
});
