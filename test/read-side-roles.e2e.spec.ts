// Starting the built service takes seconds on a busy machine.
jest.setTimeout(120_000);

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { call, type KeyName, testKeys, testKeysVariable } from './support/keys';
import { type RunningApi, startApi, temporaryDirectory } from './support/ledger-processes';
import { seed } from './support/read-side-population';

type Caller = KeyName | 'none';
const callers: readonly Caller[] = ['none', 'clerk', 'otherClerk', 'auditor', 'medical', 'subscriber', 'admin'];

const eligibilityBody = {
  medicalInstitutionCode: '0110113719',
  confirmationDate: '2025-06-01',
  method: 'numbers',
  insurerNumber: '123455',
  symbol: 'A1',
  number: '1001',
  branch: '01',
  birthDate: '1980-05-10',
};

/** Every endpoint of the read side and who may call it; everyone else gets 403, and no key 401. */
const endpoints: readonly {
  method: string;
  path: string;
  body?: unknown;
  allowed: readonly Caller[];
  sse?: true;
  /** Callers answered 404, as if nothing were there: the path names no insurer to be refused. */
  unseen?: readonly Caller[];
}[] = [
  { method: 'GET', path: '/v1/insurers/123455/persons/VALID', allowed: ['clerk', 'auditor'] },
  { method: 'GET', path: '/v1/insurers/123455/persons/VALID/documents', allowed: ['clerk', 'auditor'] },
  { method: 'GET', path: '/v1/insurers/123455/persons/VALID/audit', allowed: ['clerk', 'auditor'] },
  { method: 'GET', path: '/v1/documents/DOC-VALID-1', allowed: ['clerk', 'auditor'], unseen: ['otherClerk'] },
  { method: 'GET', path: '/v1/audit?insurerNumber=123455&from=2020-01-01&to=2100-01-01', allowed: ['auditor'] },
  {
    method: 'GET',
    path: '/v1/insurers/123455/worklists/certificates-due?on=2025-08-01',
    allowed: ['clerk', 'auditor'],
  },
  {
    method: 'GET',
    path: '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-01-01&to=2025-12-31',
    allowed: ['clerk', 'auditor'],
  },
  { method: 'POST', path: '/v1/eligibility-checks', body: eligibilityBody, allowed: ['medical'] },
  { method: 'GET', path: '/v1/feeds/qualification', allowed: ['subscriber', 'auditor'], sse: true },
  { method: 'GET', path: '/v1/feeds/documents', allowed: ['subscriber', 'auditor'], sse: true },
  { method: 'GET', path: '/v1/feeds/audit', allowed: ['subscriber', 'auditor'], sse: true },
  { method: 'GET', path: '/metrics', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/health/ready', allowed: callers },
];

describe('read side: the role matrix (every endpoint x every role)', () => {
  let api: RunningApi;
  let head: number;

  beforeAll(async () => {
    const data = join(temporaryDirectory(), 'data');
    mkdirSync(data, { recursive: true });
    head = await seed(data);
    api = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  const cases = endpoints.flatMap((endpoint) => callers.map((caller) => ({ ...endpoint, caller })));

  it.each(cases)('$method $path as $caller', async ({ method, path, body, allowed, sse, unseen, caller }) => {
    const response = await call(api, method, path, {
      ...(caller !== 'none' && { key: testKeys[caller] }),
      ...(body !== undefined && { body }),
      headers: { 'ledger-min-position': String(head) },
    });
    const expected = allowed.includes(caller) ? 200 : caller === 'none' ? 401 : unseen?.includes(caller) ? 404 : 403;
    try {
      expect(response.status).toBe(expected);
      if (expected !== 200) {
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const text = await response.text();
        expect(text).not.toContain('被保険者');
      } else if (sse) {
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      }
    } finally {
      if (!response.bodyUsed) await response.body?.cancel();
    }
  });
});
