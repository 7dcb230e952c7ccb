import { type RunningApi, startApi } from './support/ledger-processes';
import { call, type KeyName, testKeys, testKeysVariable } from './support/keys';
import { headPosition, personPath } from './support/commands';

// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

type Caller = KeyName | 'none' | 'wrong';
const callers: readonly Caller[] = [
  'none',
  'wrong',
  'clerk',
  'otherClerk',
  'auditor',
  'medical',
  'subscriber',
  'admin',
];

const person = personPath('matrix');
const commandRoutes: readonly (readonly [string, string])[] = [
  ['POST', `${person}/enrolment`],
  ['POST', `${person}/enrolment-correction`],
  ['POST', `${person}/withdrawal`],
  ['POST', `${person}/withdrawal-correction`],
  ['POST', `${person}/details-change`],
  ['POST', `${person}/card-registration`],
  ['POST', `${person}/registration-cancellation-request`],
  ['POST', `${person}/registration-cancellation`],
  ['POST', `${person}/viewing-restriction`],
  ['DELETE', `${person}/viewing-restriction`],
  ['POST', `${person}/care-needs`],
  ['DELETE', `${person}/care-needs`],
  ['POST', `${person}/documents`],
  ['POST', `${person}/documents/doc-1/delivery`],
  ['POST', `${person}/documents/doc-1/return`],
  ['POST', `${person}/documents/doc-1/loss`],
  ['POST', `${person}/documents/doc-1/revocation`],
];
const adminRoutes: readonly (readonly [string, string])[] = [
  ['POST', '/v1/admin/keys'],
  ['GET', '/v1/admin/keys'],
  ['DELETE', '/v1/admin/keys/key-000000000000'],
];

/**
 * What a caller past the guard gets for the matrix's bodies, which pass no validation: a command 400,
 * an empty batch 200 with no lines, the admin routes what an empty key store answers.
 */
function allowed(method: string, route: string): number {
  if (route === '/v1/batches' || method === 'GET') return 200;
  if (method === 'DELETE' && route.startsWith('/v1/admin/')) return 404;
  return 400;
}

/** What each caller gets: 401 without a key it knows, 403 outside its role, else the route's own answer. */
function expected(method: string, route: string, caller: Caller): number {
  if (caller === 'none' || caller === 'wrong') return 401;
  return mayCall(route, caller) ? allowed(method, route) : 403;
}

function mayCall(route: string, caller: Caller): boolean {
  if (route.startsWith('/v1/admin/')) return caller === 'admin';
  if (route === '/v1/batches') return caller === 'clerk' || caller === 'otherClerk';
  return caller === 'clerk';
}

const matrix = [...commandRoutes, ['POST', '/v1/batches'] as const, ...adminRoutes].flatMap(([method, route]) =>
  callers.map((caller) => [method, route, caller, expected(method, route, caller)] as const),
);

describe('the role matrix of the write side', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  it.each(matrix)('%s %s as %s: %s', async (method, route, caller, outcome) => {
    const key = caller === 'none' ? undefined : caller === 'wrong' ? 'not-a-key-of-this-ledger' : testKeys[caller];
    const batch = route === '/v1/batches';
    // Bodies that pass no validation: an allowed call is answered without writing anything.
    const response = await call(api, method, route, {
      ...(key !== undefined && { key }),
      ...(method !== 'GET' && { body: batch ? '' : {} }),
      headers: { 'idempotency-key': 'matrix', ...(batch && { 'content-type': 'application/x-ndjson' }) },
    });
    expect(response.status).toBe(outcome);
    if (outcome >= 400) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('wrote nothing, whoever called', async () => {
    expect(await headPosition(api)).toBe(0);
  });
});
