// Starting the built service takes seconds on a busy machine.
jest.setTimeout(120_000);

import { SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { call, testKeys, testKeysVariable } from './support/keys';
import { eventually, type RunningApi, startApi, temporaryDirectory } from './support/ledger-processes';
import { enrolment, myNumber, openAddress, persons, restrictedAddress, seed } from './support/read-side-population';
import { logLines } from './support/log-lines';
import { readFeed, type SseEvent } from './support/sse';
import { command, enrolmentBody, headPosition, personPath, type Problem } from './support/commands';

const check = (overrides: Record<string, unknown>) => ({
  medicalInstitutionCode: '0110113719',
  confirmationDate: '2025-06-01',
  method: 'numbers',
  insurerNumber: '123455',
  symbol: 'A1',
  ...overrides,
});

describe('read side over HTTP', () => {
  let api: RunningApi;
  let head: number;
  const get = (path: string, key: string, headers: Record<string, string> = {}) =>
    call(api, 'GET', path, { key, headers: { 'ledger-min-position': String(head), ...headers } });
  const logs = () => logLines(api);
  const eligibility = async (body: unknown) => {
    const response = await call(api, 'POST', '/v1/eligibility-checks', { key: testKeys.medical, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** The entry of a test person's audit trail at `position`, once the read models have it. */
  const recordAt = async (personId: string, position: number) => {
    const trail = await call(api, 'GET', `/v1/insurers/123455/persons/${personId}/audit`, {
      key: testKeys.auditor,
      headers: { 'ledger-min-position': String(position) },
    });
    const { entries } = (await trail.json()) as { entries: { type: string; position: number; actor?: unknown }[] };
    return entries.find((entry) => entry.position === position);
  };

  let data: string;

  beforeAll(async () => {
    data = join(temporaryDirectory(), 'data');
    mkdirSync(data, { recursive: true });
    head = await seed(data);
    api = await startApi({
      LEDGER_DATA_DIR: data,
      LEDGER_API_KEYS: testKeysVariable,
      LEDGER_MIN_POSITION_WAIT_MS: '300',
      LEDGER_FEED_HEARTBEAT_MS: '200',
    });
  });

  afterAll(() => api.stop());

  describe('queries', () => {
    it('R42: answers the qualification on a date, and as the ledger knew it at an instant', async () => {
      const response = await get('/v1/insurers/123455/persons/RENUMBERED?on=2025-06-01', testKeys.clerk);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        personId: 'RENUMBERED',
        covered: true,
        insurerNumber: '123455',
        symbol: 'A1',
        number: '1013',
        relationship: 'insured',
        burdenRatio: 30,
        acquiredOn: '2020-04-01',
        registration: 'none',
        viewingRestriction: false,
        careNeeds: false,
        periods: [{ acquiredOn: '2020-04-01' }],
      });
      const before = await get('/v1/insurers/123455/persons/RENUMBERED?on=2025-03-31', testKeys.auditor);
      expect(await before.json()).toMatchObject({ number: '1003' });
      const lost = await get('/v1/insurers/123455/persons/LOST?on=2025-06-01', testKeys.clerk);
      expect(await lost.json()).toMatchObject({ covered: false, lostOn: '2025-01-01' });
      const unknownThen = await get(
        '/v1/insurers/123455/persons/VALID?asKnownAt=2000-01-01T00:00:00Z',
        testKeys.auditor,
      );
      expect(unknownThen.status).toBe(404);
      const knownNow = await get(
        `/v1/insurers/123455/persons/VALID?asKnownAt=${new Date().toISOString()}`,
        testKeys.auditor,
      );
      expect(await knownNow.json()).toMatchObject({ covered: true, registration: 'registered' });
    });

    it('answers documents of a person and a document by id, with its state on the date', async () => {
      const documents = await get('/v1/insurers/123455/persons/VALID/documents?on=2025-06-01', testKeys.clerk);
      expect(await documents.json()).toMatchObject({
        documents: [{ documentId: 'DOC-VALID-1', documentType: 'eligibility-certificate', state: 'valid' }],
      });
      const document = await get('/v1/documents/DOC-VALID-1?on=2025-01-09', testKeys.auditor);
      expect(document.status).toBe(404);
      const issued = await get('/v1/documents/DOC-VALID-1?on=2025-06-01', testKeys.auditor);
      expect(await issued.json()).toMatchObject({ insurerNumber: '123455', personId: 'VALID', state: 'valid' });
      expect((await get('/v1/documents/NO-SUCH-DOC', testKeys.auditor)).status).toBe(404);
    });

    it('R40: a document asked for a date before its issue is a 404 that records the lookup of its holder', async () => {
      const before = await headPosition(api);
      expect((await get('/v1/documents/NO-SUCH-DOC', testKeys.auditor)).status).toBe(404);
      expect(await headPosition(api)).toBe(before);
      const early = await get('/v1/documents/DOC-VALID-1?on=2025-01-09', testKeys.auditor);
      expect(early.status).toBe(404);
      expect(await early.json()).toMatchObject({ detail: 'document DOC-VALID-1 was not issued by 2025-01-09' });
      expect(await headPosition(api)).toBe(before + 1);
      const trail = await call(api, 'GET', '/v1/insurers/123455/persons/VALID/audit', {
        key: testKeys.auditor,
        headers: { 'ledger-min-position': String(before + 1) },
      });
      const entries = ((await trail.json()) as { entries: { type: string; position: number; view?: string }[] })
        .entries;
      expect(entries.find((entry) => entry.position === before + 1)).toMatchObject({ type: 'PersonLookedUp' });
    });

    it("answers a document id two persons hold for the one in the key's scope, and 409 naming both to whoever sees both", async () => {
      const clerk = await get('/v1/documents/DOC-SHARED?on=2025-06-01', testKeys.clerk);
      expect(await clerk.json()).toMatchObject({ insurerNumber: '123455', personId: 'TWIN-A', state: 'valid' });
      const otherClerk = await get('/v1/documents/DOC-SHARED?on=2025-06-01', testKeys.otherClerk);
      expect(await otherClerk.json()).toMatchObject({ insurerNumber: '33120015', personId: 'OTHER' });

      const auditor = await get('/v1/documents/DOC-SHARED?on=2025-06-01', testKeys.auditor);

      expect(auditor.status).toBe(409);
      expect(auditor.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await auditor.json()).toMatchObject({
        code: 'DOCUMENT_ID_AMBIGUOUS',
        detail: expect.stringContaining('2 persons (123455/TWIN-A, 33120015/OTHER)') as string,
      });
    });

    it('answers worklists of an insurer', async () => {
      const due = await get('/v1/insurers/123455/worklists/certificates-due?on=2025-08-01', testKeys.clerk);
      const body = (await due.json()) as { due: { personId: string }[] };
      expect(body.due.map((each) => each.personId)).toContain('RESTRICTED');
      const lapsing = await get(
        '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-01-01&to=2025-12-31',
        testKeys.clerk,
      );
      expect(await lapsing.json()).toEqual({
        insurerNumber: '123455',
        from: '2025-01-01',
        to: '2025-12-31',
        lapsing: [],
      });
    });

    it('answers 404 problem+json for an unknown person, 400 naming the parameter for bad dates', async () => {
      const unknown = await get('/v1/insurers/123455/persons/NOBODY', testKeys.clerk);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      for (const [path, parameter] of [
        ['/v1/insurers/123455/persons/VALID?on=2025-02-30', 'on'],
        ['/v1/insurers/123455/persons/VALID?asKnownAt=yesterday', 'asKnownAt'],
        ['/v1/insurers/123455/persons/VALID/documents?on=1.1.2025', 'on'],
        ['/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-01-01', 'to'],
        ['/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-02-01&to=2025-01-01', 'to'],
        ['/v1/audit?insurerNumber=123455&from=soon&to=2025-01-01', 'from'],
        ['/v1/audit?insurerNumber=123456&from=2025-01-01&to=2025-01-02', 'insurerNumber'],
        ['/v1/audit?insurerNumber=123455&from=2025-01-02&to=2025-01-01', 'to'],
        ['/v1/audit?insurerNumber=123455&from=2025-01-01T00:00:00Z&to=2025-01-01T09:00:00%2B09:00', 'to'],
        ['/v1/audit?insurerNumber=123455&from=2025-01-01&to=9999-12-31T23:00:00-09:00', 'to'],
        ['/v1/audit?insurerNumber=123455&from=0000-01-01&to=2025-01-01', 'from'],
      ] as const) {
        const response = await get(path, path.startsWith('/v1/audit') ? testKeys.auditor : testKeys.clerk);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await response.json()) as Problem).errors?.[0]).toMatch(new RegExp(`^${parameter}: `));
      }
    });

    it('says what is wrong with an audit bound or a position in words that fit it', async () => {
      for (const [path, headers, error] of [
        ['/v1/audit?from=2025-01-01&to=2025-01-02', {}, 'insurerNumber: is required (6 or 8 digits)'],
        [
          '/v1/audit?insurerNumber=123455&from=2026-02-29&to=2026-03-02',
          {},
          'from: 2026-02-29 is not a day of the calendar',
        ],
        [
          '/v1/audit?insurerNumber=123455&from=0000-01-01&to=2025-01-01',
          {},
          'from: 0000-01-01, -000001-12-31T15:00:00.000Z as the start of a Japanese day, is outside the recorded times the ledger can compare (0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)',
        ],
        [
          '/v1/audit?insurerNumber=123455&from=2025-01-01&to=2025-01-02',
          { 'ledger-min-position': '99999999999999999999' },
          'Ledger-Min-Position: must be a global position, a whole number from 0 to 999999999999999',
        ],
      ] as const) {
        const response = await call(api, 'GET', path, { key: testKeys.auditor, headers });
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expect(await response.json()).toMatchObject({ errors: [error] });
      }
    });

    it('answers a worklist range of one day, from and to the same date', async () => {
      const oneDay = await get(
        '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-10-01&to=2025-10-01',
        testKeys.clerk,
      );
      expect(oneDay.status).toBe(200);
      expect(await oneDay.json()).toMatchObject({ from: '2025-10-01', to: '2025-10-01', lapsing: [] });
    });

    it('says to escape a "+" an instant lost in the URL, which arrives as a space', async () => {
      for (const [path, key] of [
        ['/v1/insurers/123455/persons/VALID?asKnownAt=2999-12-01T23:15:12+09:00', testKeys.clerk],
        ['/v1/audit?insurerNumber=123455&from=2025-01-01T00:00:00+09:00&to=2025-01-02', testKeys.auditor],
      ] as const) {
        const response = await get(path, key);
        expect(response.status).toBe(400);
        expect(((await response.json()) as Problem).errors?.[0]).toContain(
          'a "+" in a URL is read as a space: write it %2B',
        );
        expect((await get(path.replace('+', '%2B'), key)).status).toBe(200);
      }
    });

    it('answers 400 naming a query parameter the route does not take, rather than answer as if it were not asked', async () => {
      for (const [path, parameter, key] of [
        ['/v1/insurers/123455/persons/VALID?asknownat=2000-01-01T00:00:00Z', 'asknownat', testKeys.clerk],
        [
          '/v1/insurers/123455/persons/VALID/documents?on=2025-05-01&asKnownAt=2000-01-01T00:00:00Z',
          'asKnownAt',
          testKeys.clerk,
        ],
        ['/v1/documents/doc-1?asKnownAt=2000-01-01T00:00:00Z', 'asKnownAt', testKeys.auditor],
        ['/v1/insurers/123455/worklists/certificates-due?atLeast=99999', 'atLeast', testKeys.clerk],
        ['/v1/feeds/qualification?afterr=5', 'afterr', testKeys.auditor],
        ['/v1/insurers/123455/persons/VALID?123456789018', 'a parameter', testKeys.clerk],
        ['/metrics?name=ledger_projection_lag_positions', 'name', testKeys.auditor],
      ] as const) {
        const response = await get(path, key);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = (await response.json()) as Problem;
        expect(problem.errors?.[0]).toMatch(new RegExp(`^${parameter}: this route does not take it; it takes `));
        // Not in the errors, nor in the instance that repeats the URL (DOMAIN.md §3.3).
        expect(JSON.stringify(problem)).not.toContain('123456789018');
      }
    });

    it('answers 400 naming a query parameter sent twice, rather than refuse its value in words about its form', async () => {
      for (const [path, parameter, key] of [
        ['/v1/insurers/123455/persons/VALID/documents?on=2025-05-01&on=2025-05-01', 'on', testKeys.clerk],
        [
          '/v1/audit?insurerNumber=123455&insurerNumber=123455&from=2025-01-01&to=2025-01-02',
          'insurerNumber',
          testKeys.auditor,
        ],
        [
          '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-01-01&to=2025-02-01&to=2025-03-01',
          'to',
          testKeys.clerk,
        ],
        ['/v1/feeds/audit?after=1&after=2', 'after', testKeys.auditor],
      ] as const) {
        const response = await get(path, key);
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expect(await response.json()).toMatchObject({ errors: [`${parameter}: must be sent once`] });
      }
    });

    it('refuses a document id that is a My Number, as the document commands do, without repeating it', async () => {
      const response = await get('/v1/documents/123456789018', testKeys.auditor);
      expect(response.status).toBe(400);
      const text = await response.text();
      expect((JSON.parse(text) as Problem).errors).toEqual([
        "documentId: must not be a My Number (DOMAIN.md §3.3): use the insurer's own id",
      ]);
      expect(text).not.toContain('123456789018');
    });

    it('R40: every staff lookup of a person is recorded with who looked', async () => {
      const before = await headPosition(api);
      expect((await get('/v1/insurers/123455/persons/LOST', testKeys.clerk)).status).toBe(200);
      // This lookup's own record, not one of an earlier test.
      expect(await recordAt('LOST', before + 1)).toMatchObject({
        type: 'PersonLookedUp',
        actor: { role: 'insurer-clerk', insurerNumber: '123455' },
      });
    });

    it('streams an insurer’s audit trail for a period as NDJSON', async () => {
      const response = await get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2100-12-31', testKeys.auditor);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const rows = (await response.text())
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { insurerNumber: string; type: string });
      expect(rows.length).toBeGreaterThanOrEqual(14);
      expect(rows.every((row) => row.insurerNumber === '123455')).toBe(true);
      const none = await get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2000-01-02', testKeys.auditor);
      expect(await none.text()).toBe('');
      // The last day of year 9999 ends at 9999-12-31T15:00Z: a bound the ledger can compare.
      const open = await get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=9999-12-31', testKeys.auditor);
      expect(open.status).toBe(200);
      expect((await open.text()).split('\n').filter((line) => line !== '').length).toBeGreaterThanOrEqual(rows.length);
    });
  });

  describe('read-your-writes', () => {
    it('answers at once for a position reached; 400 naming the header for a malformed one or one after the head of the log', async () => {
      expect((await get('/v1/insurers/123455/persons/VALID', testKeys.clerk)).status).toBe(200);
      const health = (await (await fetch(`${api.url}/health`)).json()) as { headPosition: number };
      for (const [position, error] of [
        ['latest', 'Ledger-Min-Position'],
        [
          String(health.headPosition + 1),
          `Ledger-Min-Position: position ${health.headPosition + 1} is after the head of the log`,
        ],
        [String(head + 1_000_000), 'is after the head of the log'],
      ]) {
        const refused = await get('/v1/insurers/123455/persons/VALID', testKeys.clerk, {
          'ledger-min-position': position!,
        });
        expect(refused.status).toBe(400);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await refused.json()) as { errors: string[] }).errors.join(' ')).toContain(error);
      }
      const empty = await get('/v1/insurers/123455/persons/VALID', testKeys.clerk, { 'ledger-min-position': '' });
      expect(empty.status).toBe(200);
    });
  });

  describe('eligibility checks (DOMAIN.md §7)', () => {
    it('1 valid, with numbers, relationship, burden ratio "030" and the qualification start', async () => {
      const answer = await eligibility(check({ number: '1001', branch: '01', birthDate: '1980-05-10' }));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        validity: 1,
        insurerNumber: '123455',
        symbol: 'A1',
        number: '1001',
        branch: '01',
        relationship: 'insured',
        burdenRatio: '030',
        acquiredOn: '2020-04-01',
      });
    });

    it('finds the person under a 6-digit insurer number sent padded to 8 digits, as FHIR JP Core writes it', async () => {
      const answer = await eligibility(
        check({ insurerNumber: '00123455', number: '1001', branch: '01', birthDate: '1980-05-10' }),
      );
      expect(answer.body).toMatchObject({ validity: 1, insurerNumber: '123455', number: '1001' });
    });

    it('2 invalid, 3 newer exists, 4 none, 5 several', async () => {
      const lost = await eligibility(check({ number: '1002', branch: '01', birthDate: '1970-01-01' }));
      expect(lost.body).toMatchObject({ validity: 2, lostOn: '2025-01-01' });
      const renumbered = await eligibility(check({ number: '1003', branch: '01', birthDate: '1975-07-07' }));
      expect(renumbered.body.validity).toBe(3);
      const nobody = await eligibility(check({ number: '9999', birthDate: '1975-07-07' }));
      expect(nobody.body).toEqual({ validity: 4, confirmationDate: '2025-06-01', method: 'numbers' });
      const twins = await eligibility(check({ number: '1004', birthDate: '2010-02-02' }));
      expect(twins.body).toEqual({ validity: 5, confirmationDate: '2025-06-01', method: 'numbers' });
    });

    it('R40: a check is in the trail of each person it read, a 5 or a birth date that fits nobody; one that read nobody is in the insurer’s', async () => {
      const clinic = '1310112345';
      const asked = { medicalInstitutionCode: clinic, number: '1004' };
      expect(
        (await eligibility(check({ ...asked, confirmationDate: '2025-06-02', birthDate: '2010-02-02' }))).body,
      ).toMatchObject({ validity: 5 });
      expect(
        (await eligibility(check({ ...asked, confirmationDate: '2025-06-03', birthDate: '1999-09-09' }))).body,
      ).toMatchObject({ validity: 4 });
      await eligibility(check({ medicalInstitutionCode: clinic, number: '8888', birthDate: '1975-07-07' }));
      const checksOn = async (personId: string, date: string) => (await checkEntriesOn(personId, date)).length;
      const checkEntriesOn = async (personId: string, date: string) =>
        (
          (await (await get(`/v1/insurers/123455/persons/${personId}/audit`, testKeys.auditor)).json()) as {
            entries: { type: string; effectiveOn: string }[];
          }
        ).entries.filter((entry) => entry.type === 'EligibilityChecked' && entry.effectiveOn === date);
      await eventually('both checks in both twins’ trails', async () => {
        const counts = await Promise.all(
          ['TWIN-A', 'TWIN-B'].flatMap((twin) => ['2025-06-02', '2025-06-03'].map((date) => checksOn(twin, date))),
        );
        return counts.every((count) => count > 0);
      });
      for (const twin of ['TWIN-A', 'TWIN-B']) {
        expect([await checksOn(twin, '2025-06-02'), await checksOn(twin, '2025-06-03')]).toEqual([1, 1]);
        // R31's history of who checked: the clinic, and what it was answered.
        expect(await checkEntriesOn(twin, '2025-06-02')).toEqual([
          expect.objectContaining({ medicalInstitutionCode: clinic, validity: 5, channel: 'api' }),
        ]);
      }
      const unmatched = async () =>
        (await (await get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2100-12-31', testKeys.auditor)).text())
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((row) => row.stream === `eligibility-checks-${clinic}`);
      await eventually('the unmatched check in the insurer’s audit trail', async () => (await unmatched()).length > 0);
      expect(await unmatched()).toEqual([
        expect.objectContaining({
          type: 'EligibilityChecked',
          insurerNumber: '123455',
          personId: null,
          actor: expect.objectContaining({ role: 'medical-institution' }) as unknown,
          medicalInstitutionCode: clinic,
          validity: 4,
        }),
      ]);
      // Read until this clinic's check: an unmatched check of an earlier test may come first, in another chunk.
      const feed = await readFeed(api, `/v1/feeds/audit?after=${head}`, testKeys.auditor, (events) =>
        events.some(
          (event) =>
            event.event === 'EligibilityChecked' &&
            event.data!.includes('"personId":null') &&
            event.data!.includes(`"medicalInstitutionCode":"${clinic}"`),
        ),
      );
      expect(feed.events.map((event) => JSON.parse(event.data!) as unknown)).toContainEqual(
        expect.objectContaining({
          type: 'EligibilityChecked',
          insurerNumber: '123455',
          personId: null,
          data: expect.objectContaining({ medicalInstitutionCode: clinic, validity: 4 }) as unknown,
        }),
      );
    });

    it('R30: by card, a restricted person’s card is "not available" and nothing of the person is told', async () => {
      const answer = await eligibility(
        check({ method: 'card', number: '1005', branch: '01', birthDate: '1985-03-03' }),
      );
      expect(answer.body).toEqual({
        validity: 4,
        confirmationDate: '2025-06-01',
        method: 'card',
        cardUsable: false,
        reason: 'not-available',
        detail: expect.any(String) as string,
      });
      const unregistered = await eligibility(
        check({ method: 'card', number: '1002', branch: '01', birthDate: '1970-01-01' }),
      );
      expect(unregistered.body).toMatchObject({ cardUsable: false, reason: 'not-available' });
      const byNumbers = await eligibility(check({ number: '1005', branch: '01', birthDate: '1985-03-03' }));
      expect(byNumbers.body.validity).toBe(1);
      expect(JSON.stringify(byNumbers.body)).not.toContain(restrictedAddress);
    });

    it('refuses bad input with 400 problem+json naming the field, and records nothing', async () => {
      const before = await metric('ledger_eligibility_checks_total');
      const head = await headPosition(api);
      for (const [body, field] of [
        [
          check({ medicalInstitutionCode: '0110113718', number: '1001', birthDate: '1980-05-10' }),
          'medicalInstitutionCode',
        ],
        [check({ number: '1001', birthDate: '1980-13-10' }), 'birthDate'],
        [check({ number: '1001', birthDate: '1980-05-10', method: 'fax' }), 'method'],
        [check({ number: '1001', birthDate: '1980-05-10', insurerNumber: '123456' }), 'insurerNumber'],
        [check({ number: '1001', birthDate: '1980-05-10', branch: '1' }), 'branch'],
        // A field a check needs, missing: symbol and branch alone may be left out.
        [check({ branch: '01', birthDate: '1980-05-10' }), 'number: is required$'],
        [check({ number: '1001', branch: '01' }), 'birthDate: is required$'],
        [check({ number: '1001', branch: null, birthDate: '1980-05-10' }), 'branch: must not be null'],
        [check({ number: '1001', birthDate: '1980-05-10', myNumber }), 'myNumber'],
        // A My Number as a field's name is refused without being repeated.
        [check({ number: '1001', birthDate: '1980-05-10', [myNumber]: true }), 'a field whose name is not a name'],
        // A name every object inherits is still an unknown field.
        [check({ number: '1001', birthDate: '1980-05-10', toString: 'x' }), 'toString'],
      ] as const) {
        const answer = await call(api, 'POST', '/v1/eligibility-checks', { key: testKeys.medical, body });
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = (await answer.json()) as Problem;
        expect(problem.errors?.[0]).toMatch(new RegExp(`^${field}`));
        expect(JSON.stringify(problem)).not.toContain(myNumber);
      }
      const malformed = await call(api, 'POST', '/v1/eligibility-checks', {
        key: testKeys.medical,
        body: '{"method":',
      });
      expect(malformed.status).toBe(400);
      expect(await metric('ledger_eligibility_checks_total')).toBe(before);
      expect(await headPosition(api)).toBe(head);
    });

    it('R40: every check is recorded as EligibilityChecked in the person’s stream', async () => {
      const before = await headPosition(api);
      const answer = await eligibility(check({ number: '1004', branch: '02', birthDate: '2010-02-02' }));
      expect(answer).toMatchObject({ status: 200, body: { validity: 1 } });
      // This check's own record, not one of an earlier test.
      expect(await recordAt('TWIN-B', before + 1)).toMatchObject({ type: 'EligibilityChecked' });
    });

    it('logs a request its router refused', async () => {
      const path = '/v1/documents/%zz';
      expect((await fetch(`${api.url}${path}`)).status).toBe(400);
      await eventually('the refusal’s line', () => logs().some((line) => line.req?.url === path));
      expect(logs().filter((line) => line.req?.url === path)).toEqual([
        expect.objectContaining({ msg: 'request completed', res: { statusCode: 400 } }),
      ]);
    });

    it('logs no line per check answered (the event is its record), but one per check refused, which no event records', async () => {
      const before = logs().length;
      await eligibility(check({ number: '1004', branch: '02', birthDate: '2010-02-02' }));
      const refused = await fetch(`${api.url}/v1/eligibility-checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(check({ number: '1004', branch: '02', birthDate: '2010-02-02' })),
      });
      expect(refused.status).toBe(401);
      await get('/v1/insurers/123455/persons/TWIN-B', testKeys.auditor);
      const since = () => logs().slice(before);
      // The lookup answered after the checks: once its line is out, theirs would be too.
      await eventually('the lookup’s log line', () =>
        since().some((line) => line.req?.url === '/v1/insurers/123455/persons/TWIN-B'),
      );
      expect(since().filter((line) => line.req?.url === '/v1/eligibility-checks')).toEqual([
        expect.objectContaining({ msg: 'request completed', res: { statusCode: 401 } }),
      ]);
    });
  });

  describe('feeds (SSE)', () => {
    it('numbers each change by its global position and resumes after Last-Event-ID without a gap', async () => {
      const untilIdle = (_: unknown, comments: readonly string[]) => comments.includes('heartbeat');
      const all = await readFeed(api, '/v1/feeds/qualification', testKeys.auditor, untilIdle);
      expect(all.contentType).toMatch(/^text\/event-stream/);
      const ids = all.events.map((event) => Number(event.id));
      expect(ids.length).toBeGreaterThanOrEqual(8);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const resumed = await readFeed(api, '/v1/feeds/qualification', testKeys.auditor, untilIdle, {
        'last-event-id': String(ids[3]),
      });
      expect(resumed.events.map((event) => Number(event.id))).toEqual(ids.slice(4));
      const byQuery = await readFeed(api, `/v1/feeds/qualification?after=${ids[6]}`, testKeys.auditor, untilIdle);
      expect(byQuery.events.map((event) => Number(event.id))).toEqual(ids.slice(7));
      // An EventSource reconnects to the URL it opened, ?after= included, with the last id it got.
      const reconnected = await readFeed(api, `/v1/feeds/qualification?after=${ids[1]}`, testKeys.auditor, untilIdle, {
        'last-event-id': String(ids[3]),
      });
      expect(reconnected.events.map((event) => Number(event.id))).toEqual(ids.slice(4));
      const emptyId = await readFeed(api, '/v1/feeds/qualification', testKeys.auditor, untilIdle, {
        'last-event-id': '',
      });
      expect(emptyId.events.map((event) => Number(event.id))).toEqual(ids);
    });

    it('logs a feed connection as one request line once the client goes', async () => {
      const path = '/v1/feeds/documents?after=0';
      const untilIdle = (_: unknown, comments: readonly string[]) => comments.includes('heartbeat');
      const before = logs().length;
      await readFeed(api, path, testKeys.auditor, untilIdle);
      const lines = () =>
        logs()
          .slice(before)
          .filter((line) => line.req?.url === path);
      await eventually('the feed’s log line', () => lines().length > 0);
      expect(lines()).toEqual([
        expect.objectContaining({
          msg: 'request completed',
          req: expect.objectContaining({ remoteAddress: '127.0.0.1' }) as unknown,
          res: { statusCode: 200 },
        }),
      ]);
    });

    it('refuses to resume after a position the log has not reached, which would skip every change up to it', async () => {
      const ahead = await get('/v1/feeds/qualification', testKeys.auditor, { 'last-event-id': String(head + 1000) });
      expect(ahead.status).toBe(400);
      expect(ahead.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await ahead.text()).toContain(`Last-Event-ID: position ${head + 1000} is after the head of the log`);
      const byQuery = await get(`/v1/feeds/audit?after=${head + 1000}`, testKeys.subscriber);
      expect(byQuery.status).toBe(400);
      // Twelve digits are a position too: refused as one, and not repeated when they are a My Number.
      const myNumberAsId = await get('/v1/feeds/qualification', testKeys.auditor, { 'last-event-id': myNumber });
      expect(myNumberAsId.status).toBe(400);
      expect(await myNumberAsId.text()).not.toContain(myNumber);
    });

    it('answers 404 problem+json for a feed it does not have', async () => {
      const response = await get('/v1/feeds/nowhere', testKeys.subscriber);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('answers HEAD on a feed with its headers, and ends', async () => {
      const response = await fetch(`${api.url}/v1/feeds/audit`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${testKeys.auditor}` },
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(await response.text()).toBe('');
    });

    it('follows live: a change made while connected arrives on the audit feed', async () => {
      setTimeout(() => void eligibility(check({ number: '1001', branch: '01', birthDate: '1980-05-10' })), 300);
      const live = await readFeed(api, `/v1/feeds/audit?after=${head}`, testKeys.auditor, (events) =>
        events.some((event) => event.event === 'EligibilityChecked'),
      );
      const checked = live.events.find((event) => event.event === 'EligibilityChecked');
      expect(JSON.parse(checked!.data!)).toMatchObject({ personId: 'VALID', actor: { role: 'medical-institution' } });
    });

    it('sends heartbeats while idle', async () => {
      const idle = await readFeed(api, '/v1/feeds/documents', testKeys.subscriber, (_, comments) =>
        comments.includes('heartbeat'),
      );
      expect(idle.comments).toContain('heartbeat');
      expect(idle.events.map((event) => JSON.parse(event.data!) as { data: object })[0]).toMatchObject({
        type: 'DocumentIssued',
        data: { documentId: 'DOC-VALID-1', documentType: 'eligibility-certificate' },
      });
    });
  });

  describe('restricted persons (R31) and My Number (§3.3)', () => {
    it('R31: a restricted person’s address and access history reach only the insurer’s clerk and auditors', async () => {
      const clerk = await get('/v1/insurers/123455/persons/RESTRICTED?on=2025-06-01', testKeys.clerk);
      expect(await clerk.json()).toMatchObject({ address: restrictedAddress, viewingRestriction: true });
      const trail = await get('/v1/insurers/123455/persons/RESTRICTED/audit', testKeys.auditor);
      expect(((await trail.json()) as { entries: { type: string }[] }).entries.map((entry) => entry.type)).toContain(
        'EligibilityChecked',
      );
      const otherClerk = await get('/v1/insurers/123455/persons/RESTRICTED', testKeys.otherClerk);
      expect(otherClerk.status).toBe(403);
      expect(await otherClerk.text()).not.toContain(restrictedAddress);
      for (const feed of ['qualification', 'documents', 'audit']) {
        const seen = await readFeed(api, `/v1/feeds/${feed}`, testKeys.subscriber, (_, comments) =>
          comments.includes('heartbeat'),
        );
        expect(seen.status).toBe(200);
        const text = JSON.stringify(seen.events);
        // The person is on the feed; what is withheld is their address and access history.
        if (feed === 'qualification') expect(text).toContain('RESTRICTED');
        expect(text).not.toContain(restrictedAddress);
        expect(text).not.toContain('EligibilityChecked');
        expect(text).not.toContain('PersonLookedUp');
        expect(text).not.toContain(openAddress);
      }
      // Nor the logs, whoever asked.
      expect(api.stdout() + api.stderr()).not.toContain(restrictedAddress);
    });

    it('R31: feeds are no recorded read, so an auditor gets neither a restricted person’s address nor their access records there', async () => {
      for (const feed of ['qualification', 'documents', 'audit']) {
        const seen = await readFeed(api, `/v1/feeds/${feed}`, testKeys.auditor, (_, comments) =>
          comments.includes('heartbeat'),
        );
        const items = seen.events.map((event) => JSON.parse(event.data!) as { personId: string; type: string });
        expect(JSON.stringify(seen.events)).not.toContain(restrictedAddress);
        const restrictedTypes = items.filter((item) => item.personId === 'RESTRICTED').map((item) => item.type);
        expect(restrictedTypes).not.toContain('EligibilityChecked');
        expect(restrictedTypes).not.toContain('PersonLookedUp');
        if (feed === 'qualification') expect(restrictedTypes).toContain('QualificationAcquired');
        if (feed === 'audit') {
          expect(items.filter((item) => item.personId === 'VALID').map((item) => item.type)).toContain(
            'EligibilityChecked',
          );
        }
      }
    });

    it('R31: an auditor’s feeds withhold them for a person whose restriction was lifted too, as the export does', async () => {
      const shelter = '東京都港区シェルター9-9';
      const person = personPath('LIFTED');
      let written = '';
      for (const [method, path, body] of [
        ['POST', 'enrolment', { ...enrolmentBody, number: '7301', address: shelter }],
        ['POST', 'viewing-restriction', { filedOn: '2025-03-01', scope: 'non-disclosure' }],
        ['DELETE', 'viewing-restriction', { liftedOn: '2025-04-01', scope: 'non-disclosure' }],
      ] as const) {
        const answer = await command(api, method, `${person}/${path}`, body);
        expect([path, answer.status]).toEqual([path, 201]);
        written = answer.headers.get('ledger-position')!;
      }
      // The projector may not have applied the enrolment yet: the lookup waits for it.
      expect((await get(person, testKeys.clerk, { 'ledger-min-position': written })).status).toBe(200);
      // Read until idle: the lookup, recorded last, has been sent by then if it is sent at all.
      const audited = await readFeed(api, '/v1/feeds/audit', testKeys.auditor, (_, comments) =>
        comments.includes('heartbeat'),
      );
      const types = audited.events
        .map((event) => JSON.parse(event.data!) as { personId: string; type: string })
        .filter((item) => item.personId === 'LIFTED')
        .map((item) => item.type);
      expect(types).toEqual(expect.arrayContaining(['QualificationAcquired', 'ViewingRestrictionLifted']));
      expect(types).not.toContain('PersonLookedUp');
      const qualification = await readFeed(api, '/v1/feeds/qualification', testKeys.auditor, (_, comments) =>
        comments.includes('heartbeat'),
      );
      expect(qualification.events.some((event) => event.data!.includes('"LIFTED"'))).toBe(true);
      expect(JSON.stringify(qualification.events)).not.toContain(shelter);
    });

    it('R31: the audit export leaves out the access history of a person who had a viewing restriction filed, as `ledger audit export` does', async () => {
      const response = await get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2100-12-31', testKeys.auditor);
      const exported = await response.text();
      expect(exported).not.toContain(restrictedAddress);
      const rows = exported
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { personId: string | null; type: string });
      const typesOf = (personId: string) => rows.filter((row) => row.personId === personId).map((row) => row.type);
      expect(typesOf('VALID')).toContain('EligibilityChecked');
      const restrictedTypes = typesOf('RESTRICTED');
      expect(restrictedTypes).toContain('QualificationAcquired');
      expect(restrictedTypes).toContain('ViewingRestrictionFiled');
      expect(restrictedTypes).not.toContain('EligibilityChecked');
      expect(restrictedTypes).not.toContain('PersonLookedUp');
    });

    it('R31: a subscriber gets no viewing-restriction or care-needs event, nor a document’s occasion, on any feed', async () => {
      const person = personPath('FEED-HIDDEN');
      for (const [method, path, body] of [
        ['POST', 'enrolment', enrolmentBody],
        ['POST', 'viewing-restriction', { filedOn: '2025-03-01', scope: 'non-disclosure' }],
        ['POST', 'care-needs', { recognizedOn: '2025-03-01', category: 'disability' }],
        [
          'POST',
          'documents',
          {
            documentType: 'eligibility-certificate',
            issuedOn: '2025-03-02',
            validFrom: '2025-03-02',
            validUntil: '2026-03-01',
            delivery: 'counter',
            occasion: 'restriction',
          },
        ],
        ['DELETE', 'care-needs', { endedOn: '2025-04-01', category: 'disability' }],
        ['DELETE', 'viewing-restriction', { liftedOn: '2025-04-01', scope: 'non-disclosure' }],
      ] as const) {
        const response = await command(api, method, `${person}/${path}`, body);
        expect([path, response.status]).toEqual([path, 201]);
      }
      const hidden = ['ViewingRestrictionFiled', 'ViewingRestrictionLifted', 'CareNeedsRecognized', 'CareNeedsEnded'];
      const ofPerson = (events: readonly SseEvent[]) =>
        events
          .map((event) => JSON.parse(event.data!) as { personId: string; type: string; data?: object })
          .filter((item) => item.personId === 'FEED-HIDDEN');
      const audited = await readFeed(api, '/v1/feeds/audit', testKeys.auditor, (events) =>
        ofPerson(events).some((item) => item.type === 'ViewingRestrictionLifted'),
      );
      expect(ofPerson(audited.events).map((item) => item.type)).toEqual(expect.arrayContaining(hidden));
      expect(ofPerson(audited.events)[0]).toMatchObject({ actor: expect.anything() as unknown, channel: 'api' });
      for (const feed of ['qualification', 'documents', 'audit']) {
        const seen = await readFeed(api, `/v1/feeds/${feed}`, testKeys.subscriber, (_, comments) =>
          comments.includes('heartbeat'),
        );
        const types = seen.events.map((event) => (JSON.parse(event.data!) as { type: string }).type);
        for (const type of hidden) expect(types).not.toContain(type);
        expect(JSON.stringify(seen.events)).not.toContain('occasion');
        // Minimized: no one's name, birth date or address, and not who wrote the change nor how.
        for (const item of seen.events.map((event) => JSON.parse(event.data!) as { data?: object })) {
          expect(item).not.toHaveProperty('actor');
          expect(item).not.toHaveProperty('channel');
          for (const personal of ['name', 'nameKana', 'birthDate', 'address', 'sex']) {
            expect(Object.keys(item.data ?? {})).not.toContain(personal);
          }
        }
        expect(ofPerson(seen.events).map((item) => item.type)).toEqual(
          feed === 'documents'
            ? ['DocumentIssued']
            : feed === 'qualification'
              ? ['QualificationAcquired']
              : expect.arrayContaining(['QualificationAcquired', 'DocumentIssued']),
        );
      }
    });

    it('My Number never appears in any answer, whoever reads', async () => {
      const answers = await Promise.all([
        get('/v1/insurers/123455/persons/VALID', testKeys.clerk).then((response) => response.text()),
        get('/v1/insurers/123455/persons/VALID', testKeys.auditor).then((response) => response.text()),
        get('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2100-12-31', testKeys.auditor).then((response) =>
          response.text(),
        ),
        readFeed(api, '/v1/feeds/qualification', testKeys.auditor, (_, comments) =>
          comments.includes('heartbeat'),
        ).then((feed) => JSON.stringify(feed.events)),
        get('/v1/insurers/123455/persons/VALID/audit', testKeys.auditor).then((response) => response.text()),
        get('/v1/insurers/123455/persons/VALID/documents', testKeys.clerk).then((response) => response.text()),
        eligibility(check({ number: '1001', branch: '01', birthDate: '1980-05-10' })).then((answer) =>
          JSON.stringify(answer),
        ),
        ...(['audit', 'documents'] as const).flatMap((feed) =>
          [testKeys.auditor, testKeys.subscriber].map((key) =>
            readFeed(api, `/v1/feeds/${feed}`, key, (_, comments) => comments.includes('heartbeat')).then((read) =>
              JSON.stringify(read.events),
            ),
          ),
        ),
      ]);
      expect(answers[3]).toContain(openAddress);
      expect(answers[6]).toContain('"validity":1');
      for (const answer of answers) expect(answer).not.toContain(myNumber);
      expect(api.stdout() + api.stderr()).not.toContain(myNumber);
    });

    it('My Number never reaches the read models, though an event in the log carries it', () => {
      const readModels = new Database(join(data, 'read-models.db'), { readonly: true });
      try {
        const states = readModels.prepare<[], { state: string }>('SELECT state FROM person_states').all();
        expect(states.some(({ state }) => state.includes(openAddress))).toBe(true);
        // Every table, the checkpoints, audit rows and indexes included.
        const tables = readModels
          .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          .pluck()
          .all();
        expect(tables).toEqual(expect.arrayContaining(['person_states', 'audit_trail', 'eligibility_numbers']));
        for (const table of tables) {
          expect(JSON.stringify(readModels.prepare(`SELECT * FROM "${table}"`).raw(true).all())).not.toContain(
            myNumber,
          );
        }
      } finally {
        readModels.close();
      }
    });
  });

  describe('operations', () => {
    it('is ready when the store answers and the read models keep up; counts checks by validity', async () => {
      const ready = await fetch(`${api.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', maxLag: 10_000 });
      const text = await (await call(api, 'GET', '/metrics', { key: testKeys.admin })).text();
      expect(text).toMatch(/ledger_eligibility_checks_total\{validity="1",method="numbers"\} \d+/);
      expect(text).toMatch(
        /ledger_http_request_duration_seconds_count\{method="POST",route="\/v1\/eligibility-checks",status="200"\}/,
      );
      expect(text).toMatch(/ledger_event_store_append_duration_seconds_count\{outcome="written"\} [1-9]/);
      expect(text).toMatch(/ledger_projection_lag_positions \d+/);
    });
  });

  async function metric(name: string): Promise<number> {
    const text = await (await call(api, 'GET', '/metrics', { key: testKeys.admin })).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }
});

describe('eligibility checks against writes the read models have not caught up with', () => {
  let api: RunningApi;
  let events: SqliteEventStore;
  const stream = 'insured-123455-JUST-RESTRICTED';

  beforeAll(async () => {
    const data = join(temporaryDirectory(), 'data');
    mkdirSync(data, { recursive: true });
    events = new SqliteEventStore({ path: join(data, 'events.db') });
    await events.append(stream, persons['insured-123455-VALID']!.slice(0, 2), 'no_stream');
    api = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(async () => {
    await api.stop();
    await events.close();
  });

  it('R30: a restriction filed a moment ago already makes the card "not available"', async () => {
    const byCard = () =>
      call(api, 'POST', '/v1/eligibility-checks', {
        key: testKeys.medical,
        body: check({ method: 'card', number: '1001', branch: '01', birthDate: '1980-05-10' }),
      }).then(async (response) => (await response.json()) as Record<string, unknown>);
    const enrolled = await call(api, 'GET', '/v1/insurers/123455/persons/JUST-RESTRICTED', {
      key: testKeys.clerk,
      headers: { 'ledger-min-position': String(await events.headPosition()) },
    });
    expect(enrolled.status).toBe(200);
    expect(await byCard()).toMatchObject({ validity: 1, number: '1001' });
    // Written by a second connection, as another process would: the service's projector learns of it
    // only at its next poll of the file, so the check below comes before the read models have it.
    await events.append(
      stream,
      [{ type: 'ViewingRestrictionFiled', data: { filedOn: '2025-02-01', scope: 'non-disclosure' } }],
      'any',
    );
    expect(await byCard()).toMatchObject({ cardUsable: false, reason: 'not-available' });
  });

  it('finds a person enrolled a moment ago once asked with Ledger-Min-Position; refuses a malformed one (400)', async () => {
    const numbers = { number: '7001', branch: '01', birthDate: '1991-02-03' };
    // A second connection again: the projector has the enrolment only at its next poll of the file.
    const { position } = await events.append(
      'insured-123455-JUST-ENROLLED',
      [enrolment(numbers.number, numbers.branch, numbers.birthDate)],
      'no_stream',
    );
    const waited = await call(api, 'POST', '/v1/eligibility-checks', {
      key: testKeys.medical,
      body: check(numbers),
      headers: { 'ledger-min-position': String(position) },
    });
    expect(await waited.json()).toMatchObject({ validity: 1, number: '7001' });

    const head = await events.headPosition();
    for (const [value, error] of [
      ['latest', 'Ledger-Min-Position: must be a global position'],
      [String(head + 1), `Ledger-Min-Position: position ${head + 1} is after the head of the log`],
    ]) {
      const refused = await call(api, 'POST', '/v1/eligibility-checks', {
        key: testKeys.medical,
        body: check(numbers),
        headers: { 'ledger-min-position': value! },
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as Problem).errors?.join(' ')).toContain(error);
    }
    // Refused before the check: nothing recorded for them.
    expect(await events.headPosition()).toBe(head);
  });
});

describe('ids stored as a My Number, in a log written before ids were checked (§3.3)', () => {
  let api: RunningApi;
  let head: number;

  beforeAll(async () => {
    const data = join(temporaryDirectory(), 'data');
    mkdirSync(data, { recursive: true });
    const store = new SqliteEventStore({ path: join(data, 'events.db') });
    const written = await store.append(
      `insured-123455-${myNumber}`,
      [
        enrolment('1099', '01', '1960-06-06'),
        {
          type: 'DocumentIssued',
          data: {
            documentId: myNumber,
            documentType: 'legacy-card',
            issuedOn: '2020-04-01',
            validFrom: '2020-04-01',
            delivery: 'counter',
            occasion: 'enrolment',
          },
        },
        {
          type: 'EligibilityChecked',
          data: {
            medicalInstitutionCode: '0110113719',
            confirmationDate: '2025-03-01',
            method: 'numbers',
            validity: 1,
          },
        },
      ],
      'no_stream',
    );
    head = written.position;
    await store.close();
    api = await startApi({ LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable, LEDGER_FEED_HEARTBEAT_MS: '200' });
  });

  afterAll(() => api.stop());

  it('shows them redacted in the audit export, the feeds and the worklists, and logs none', async () => {
    const read = (path: string, key: string) =>
      call(api, 'GET', path, { key, headers: { 'ledger-min-position': String(head) } }).then((response) =>
        response.text(),
      );
    const feed = (name: string) =>
      readFeed(api, `/v1/feeds/${name}`, testKeys.auditor, (_, comments) => comments.includes('heartbeat')).then(
        (seen) => seen.events.map((event) => event.data).join('\n'),
      );
    const answers = {
      audit: await read('/v1/audit?insurerNumber=123455&from=2000-01-01&to=2100-12-31', testKeys.auditor),
      certificatesDue: await read('/v1/insurers/123455/worklists/certificates-due?on=2025-12-02', testKeys.clerk),
      legacyCards: await read(
        '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2024-01-01&to=2025-12-31',
        testKeys.clerk,
      ),
      qualificationFeed: await feed('qualification'),
      documentsFeed: await feed('documents'),
      auditFeed: await feed('audit'),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect([name, answer]).toEqual([name, expect.stringContaining('"personId":"[redacted]"')]);
      expect([name, answer]).toEqual([name, expect.not.stringContaining(myNumber)]);
    }
    expect(answers.documentsFeed).toContain('"documentId":"[redacted]"');
    expect(answers.audit).toContain('"stream":"insured-123455-[redacted]"');
    expect(api.stdout()).not.toContain(myNumber);
  });
});
