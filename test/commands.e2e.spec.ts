import { request } from 'node:http';
import { type RunningApi, startApi } from './support/ledger-processes';
import { call, otherInsurer, testKeys, testKeysVariable } from './support/keys';
import { readFeed, type SseEvent } from './support/sse';
import {
  type CommandAnswer,
  command,
  enrolmentBody,
  freshKey,
  headPosition,
  personPath,
  type Problem,
} from './support/commands';

// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

/** A command route's request example as the OpenAPI document serves it. */
interface CommandExample {
  readonly value: Record<string, unknown>;
  readonly description?: string;
}

/** The part of /docs-json the command examples are read from. */
interface CommandDocuments {
  readonly paths: Record<
    string,
    Record<string, { requestBody: { content: Record<string, { examples: Record<string, CommandExample> }> } }>
  >;
}

/** The first example of the person's command route, e.g. `/enrolment`. */
const commandExample = (document: CommandDocuments, route: string): CommandExample =>
  Object.values(
    document.paths[`/v1/insurers/{insurerNumber}/persons/{personId}${route}`]!.post!.requestBody.content[
      'application/json'
    ]!.examples,
  )[0]!;

describe('commands over HTTP', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  /**
   * A command whose body announces `bytes` in Content-Length, of which only the start is sent: Fastify
   * refuses on the announced length and closes the connection, and a client still writing the rest
   * may meet the closed socket (EPIPE) before it reads the answer.
   */
  function announcedBody(path: string, bytes: number) {
    return new Promise<{ status: number; contentType?: string; text: string }>((done, fail) => {
      const asking = request(
        `${api.url}${path}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${testKeys.clerk}`,
            'content-type': 'application/json',
            'content-length': String(bytes),
            'idempotency-key': freshKey(),
          },
        },
        (answer) => {
          let text = '';
          answer.setEncoding('utf8');
          answer.on('data', (chunk: string) => (text += chunk));
          answer.on('end', () => {
            asking.destroy();
            done({ status: answer.statusCode!, contentType: answer.headers['content-type'], text });
          });
        },
      );
      asking.on('error', (error) => (asking.destroyed ? undefined : fail(error)));
      asking.write(`{"name":"${'x'.repeat(1000)}`);
    });
  }

  async function ok(response: Response): Promise<CommandAnswer> {
    const text = await response.text();
    if (response.status !== 201) throw new Error(`${response.status}: ${text}`);
    const answer = JSON.parse(text) as CommandAnswer;
    expect(response.headers.get('ledger-position')).toBe(String(answer.position));
    return answer;
  }

  it('applies every command of a person life, each answering 201 with its events, revision and position', async () => {
    const person = personPath('life-1');
    const steps: [string, 'POST' | 'DELETE', string, unknown][] = [
      ['QualificationAcquired', 'POST', '/enrolment', enrolmentBody],
      [
        'QualificationDetailsChanged',
        'POST',
        '/details-change',
        { effectiveOn: '2024-06-01', address: '港区芝公園4-2-8' },
      ],
      ['CardRegistered', 'POST', '/card-registration', { registeredOn: '2025-01-10', channel: 'portal' }],
      [
        'RegistrationCancellationRequested',
        'POST',
        '/registration-cancellation-request',
        { requestedOn: '2025-02-03', applicant: 'self', identityDocumentChecked: true, powerOfAttorney: false },
      ],
      ['RegistrationCancelled', 'POST', '/registration-cancellation', { effectiveOn: '2025-03-05' }],
      ['ViewingRestrictionFiled', 'POST', '/viewing-restriction', { filedOn: '2025-03-10', scope: 'non-disclosure' }],
      [
        'ViewingRestrictionLifted',
        'DELETE',
        '/viewing-restriction',
        { liftedOn: '2025-04-10', scope: 'non-disclosure' },
      ],
      ['CareNeedsRecognized', 'POST', '/care-needs', { recognizedOn: '2025-04-15', category: 'facility' }],
      ['CareNeedsEnded', 'DELETE', '/care-needs', { endedOn: '2025-05-15', category: 'facility' }],
    ];
    let revision = -1;
    for (const [type, method, path, body] of steps) {
      const answer = await ok(await command(api, method, `${person}${path}`, body));
      expect(answer.events.map((event) => event.type)).toContain(type);
      expect(answer.revision).toBeGreaterThan(revision);
      revision = answer.revision;
    }
    const documents = ['limit', 'lost', 'revoked'].map(() => ({
      documentType: 'limit-certificate',
      issuedOn: '2025-05-20',
      validFrom: '2025-05-20',
      validUntil: '2026-05-19',
      delivery: 'counter',
      occasion: 'application',
    }));
    const ids: string[] = [];
    for (const body of documents) {
      const answer = await ok(await command(api, 'POST', `${person}/documents`, body));
      expect(answer.events[0]).toMatchObject({ type: 'DocumentIssued', data: { documentId: answer.documentId } });
      ids.push(answer.documentId!);
    }
    const [delivered, lost, revoked] = ids;
    const lifecycle: [string, string, unknown][] = [
      ['DocumentDelivered', `/documents/${delivered}/delivery`, { deliveredOn: '2025-05-21' }],
      ['DocumentReturned', `/documents/${delivered}/return`, { returnedOn: '2025-06-01' }],
      ['DocumentReportedLost', `/documents/${lost}/loss`, { reportedOn: '2025-06-02' }],
      ['DocumentRevoked', `/documents/${revoked}/revocation`, { revokedOn: '2025-06-03', reason: 'superseded' }],
      ['QualificationLost', '/withdrawal', { lostOn: '2025-12-31', reason: 'moved-out' }],
    ];
    for (const [type, path, body] of lifecycle) {
      const answer = await ok(await command(api, 'POST', `${person}${path}`, body));
      expect(answer.events.map((event) => event.type)).toContain(type);
    }
  });

  it('R1: refuses a second enrolment with 422 problem+json naming the rule, writing nothing', async () => {
    await ok(await command(api, 'POST', `${personPath('r1')}/enrolment`, enrolmentBody));
    const before = await headPosition(api);
    const response = await command(api, 'POST', `${personPath('r1')}/enrolment`, enrolmentBody);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 422, rule: 'R1', code: 'ALREADY_QUALIFIED' });
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a write with a query parameter it does not take (400 naming it), writing nothing: ?dryRun=true would write', async () => {
    await ok(await command(api, 'POST', `${personPath('dry-run')}/enrolment`, enrolmentBody));
    const before = await headPosition(api);
    const check = {
      medicalInstitutionCode: '0110113719',
      confirmationDate: '2025-06-01',
      method: 'numbers',
      insurerNumber: '123455',
      number: enrolmentBody.number,
      birthDate: enrolmentBody.birthDate,
    };
    for (const [refused, parameter] of [
      [
        command(api, 'POST', `${personPath('dry-run')}/care-needs?dryRun=true`, {
          recognizedOn: '2025-05-01',
          category: 'other',
        }),
        'dryRun',
      ],
      [
        call(api, 'POST', '/v1/eligibility-checks?insurerNumber=33120015', { key: testKeys.medical, body: check }),
        'insurerNumber',
      ],
      [call(api, 'POST', '/v1/admin/keys?role=admin', { key: testKeys.admin, body: { role: 'auditor' } }), 'role'],
      [
        call(api, 'POST', '/v1/batches?x=1', {
          key: testKeys.clerk,
          body: `${JSON.stringify({ command: 'enrolment', insurerNumber: '123455', personId: 'dry-run-2', idempotencyKey: freshKey(), ...enrolmentBody })}\n`,
          headers: { 'content-type': 'application/x-ndjson' },
        }),
        'x',
      ],
    ] as const) {
      const response = await refused;
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as Problem).errors).toEqual([
        `${parameter}: this route does not take it; it takes none`,
      ]);
    }
    expect(await headPosition(api)).toBe(before);
    const keys = (await (await call(api, 'GET', '/v1/admin/keys', { key: testKeys.admin })).json()) as unknown[];
    expect(keys.filter((key) => (key as { source?: string }).source === 'created')).toEqual([]);
  });

  it('answers a repeat of the same Idempotency-Key and body with the first answer, and another body with 422', async () => {
    const idempotencyKey = freshKey();
    const path = `${personPath('idem')}/enrolment`;
    const first = await ok(await command(api, 'POST', path, enrolmentBody, { idempotencyKey }));
    const before = await headPosition(api);
    const again = await ok(await command(api, 'POST', path, enrolmentBody, { idempotencyKey }));
    expect(again).toEqual(first);
    const other = await command(api, 'POST', path, { ...enrolmentBody, name: '佐藤 花子' }, { idempotencyKey });
    expect(other.status).toBe(422);
    expect(((await other.json()) as Problem).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await headPosition(api)).toBe(before);
  });

  it('writes a burst of concurrent duplicates once', async () => {
    const idempotencyKey = freshKey();
    const path = `${personPath('burst')}/enrolment`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => command(api, 'POST', path, enrolmentBody, { idempotencyKey })),
    );
    const bodies = await Promise.all(answers.map((response) => ok(response)));
    expect(new Set(bodies.map((body) => body.position)).size).toBe(1);
  });

  it('records a details change that changes nothing as QualificationDetailsConfirmed, so a late retry cannot undo a later change', async () => {
    const person = personPath('confirmed');
    await ok(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const report = (address: string, idempotencyKey = freshKey()) =>
      command(api, 'POST', `${person}/details-change`, { effectiveOn: '2024-06-01', address }, { idempotencyKey });
    await ok(await report('港区芝公園4-2-8'));
    const idempotencyKey = freshKey();
    const unchanged = await ok(await report('港区芝公園4-2-8', idempotencyKey));
    expect(unchanged.events).toEqual([
      expect.objectContaining({ type: 'QualificationDetailsConfirmed', data: { effectiveOn: '2024-06-01' } }),
    ]);
    const later = await ok(await report('中央区銀座1-1'));
    const before = await headPosition(api);
    expect(await ok(await report('港区芝公園4-2-8', idempotencyKey))).toEqual(unchanged);
    expect(await headPosition(api)).toBe(before);
    // The audit feed shows the report; the qualification feed only what changed it.
    const typesOn = async (feed: string) => {
      const untilLater = (events: readonly SseEvent[]) => events.some((event) => event.id === String(later.position));
      const path = `/v1/feeds/${feed}?after=${unchanged.position - 1}`;
      const { events } = await readFeed(api, path, testKeys.auditor, untilLater);
      return events.filter((event) => Number(event.id) <= later.position).map((event) => event.event);
    };
    expect(await typesOn('audit')).toEqual(['QualificationDetailsConfirmed', 'QualificationDetailsChanged']);
    expect(await typesOn('qualification')).toEqual(['QualificationDetailsChanged']);
  });

  it('takes If-Match: -1 as "no stream yet": an enrolment is written once, and a later command with it is 409', async () => {
    const person = personPath('if-match-new');
    const first = await command(api, 'POST', `${person}/enrolment`, enrolmentBody, { headers: { 'if-match': '-1' } });
    expect(first.status).toBe(201);
    const head = await headPosition(api);
    // Sent again under another key, it finds the stream there: a conflict, not a second enrolment.
    const again = await command(api, 'POST', `${person}/enrolment`, enrolmentBody, { headers: { 'if-match': '-1' } });
    expect(again.status).toBe(409);
    const later = await command(
      api,
      'POST',
      `${person}/details-change`,
      { effectiveOn: '2024-06-01', address: 'x' },
      { headers: { 'if-match': '-1' } },
    );
    expect(later.status).toBe(409);
    for (const conflict of [again, later]) expect(((await conflict.json()) as Problem).code).toBe('CONFLICT');
    expect(await headPosition(api)).toBe(head);
  });

  it.each(['three', '"3', '3"', 'W/"3"', '*', '1.5', '3, 4', '-2'])(
    'refuses If-Match: %s with 400 problem+json naming it, writing nothing: a revision, bare or quoted, or -1',
    async (header) => {
      const before = await headPosition(api);
      const response = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
        headers: { 'if-match': header },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as Problem).errors).toEqual([
        'If-Match: must be a stream revision, bare or quoted: 3 or "3"',
      ]);
      expect(await headPosition(api)).toBe(before);
    },
  );

  it('answers 409 for a stale If-Match, and decides one service’s concurrent writers without it one after the other', async () => {
    const person = personPath('conflict');
    const enrolled = await ok(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const change = (address: string, headers: Record<string, string> = {}) =>
      command(api, 'POST', `${person}/details-change`, { effectiveOn: '2024-06-01', address }, { headers });
    const stale = await change('a', { 'if-match': String(enrolled.revision + 3) });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ status: 409, code: 'CONFLICT' });
    // R40: the clerk's own lookup is recorded in the person's stream; it changes nothing the clerk saw.
    const before = await headPosition(api);
    const headers = { 'ledger-min-position': String(enrolled.position) };
    expect((await call(api, 'GET', person, { key: testKeys.clerk, headers })).status).toBe(200);
    for (let attempt = 0; attempt < 100 && (await headPosition(api)) === before; attempt += 1) {
      await new Promise((wait) => setTimeout(wait, 50));
    }
    expect(await headPosition(api)).toBeGreaterThan(before);
    const changed = await ok(await change('b', { 'if-match': `"${enrolled.revision}"` }));
    expect(changed.revision).toBe(enrolled.revision + 2);
    const racing = await Promise.all(Array.from({ length: 6 }, (_, index) => change(`street ${index}`)));
    const revisions = await Promise.all(racing.map(async (response) => (await ok(response)).revision));
    expect(revisions.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6].map((n) => changed.revision + n));
  });

  it.each([
    ['malformed JSON', '{"number":', 'not valid JSON'],
    ['a wrong type', { ...enrolmentBody, burdenRatio: '30' }, 'burdenRatio'],
    ['an unknown field', { ...enrolmentBody, myNumber: '123456789018' }, 'myNumber'],
    ['an invalid check digit', { ...enrolmentBody, branch: '1' }, 'branch'],
    ['an impossible date', { ...enrolmentBody, acquiredOn: '2024-02-30' }, 'acquiredOn'],
    ['a missing field', { ...enrolmentBody, name: undefined }, 'name: is required'],
    ['a null', { ...enrolmentBody, address: null }, 'address: must not be null'],
    ['an array', [enrolmentBody], 'JSON object'],
    ['a My Number in an address', { ...enrolmentBody, address: '東京都千代田区 621498320257' }, 'address'],
    ['a control character in a name', { ...enrolmentBody, name: '山田\u0000太郎' }, 'name'],
    [
      'a __proto__ key',
      `{"__proto__":{"burdenRatio":10},${JSON.stringify(enrolmentBody).slice(1)}`,
      "__proto__: a key that would set an object's prototype is not taken",
    ],
    ['a constructor with a prototype', '{"constructor":{"prototype":{}}}', 'constructor: a key that would set'],
    // The key around it is a My Number: not repeated.
    ['a nested __proto__ key', '{"621498320257":{"__proto__":{}}}', '[a key not repeated].__proto__: a key that'],
  ])('refuses %s with 400 problem+json naming it, writing nothing', async (_, body, named) => {
    const before = await headPosition(api);
    const response = await command(api, 'POST', `${personPath('malformed')}/enrolment`, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as Problem).detail).toContain(named);
    expect(await headPosition(api)).toBe(before);
  });

  it('answers a body of many __proto__ keys, sent without a key, in a few hundred bytes naming the first', async () => {
    const response = await fetch(`${api.url}${personPath('poisoned')}/enrolment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `[${Array.from({ length: 50_000 }, () => '{"__proto__":1}').join(',')}]`,
    });
    expect(response.status).toBe(400);
    const answer = await response.text();
    expect(answer.length).toBeLessThan(500);
    expect((JSON.parse(answer) as { errors: string[] }).errors).toEqual([
      "[0].__proto__: a key that would set an object's prototype is not taken",
    ]);
  });

  it('refuses bad path identifiers (a My Number as a person id among them), a missing Idempotency-Key and an oversized body, writing nothing', async () => {
    const before = await headPosition(api);
    const badDocument = await command(api, 'POST', `${personPath('p')}/documents/bad.id/delivery`, {
      deliveredOn: '2025-01-01',
    });
    expect(badDocument.status).toBe(400);
    expect(((await badDocument.json()) as Problem).detail).toContain('documentId');
    const badPerson = await command(api, 'POST', `${personPath('x'.repeat(65))}/enrolment`, enrolmentBody);
    expect(badPerson.status).toBe(400);
    expect(((await badPerson.json()) as Problem).detail).toContain('personId');
    const myNumberAsPerson = await command(api, 'POST', `${personPath('123456789018')}/enrolment`, enrolmentBody);
    expect(myNumberAsPerson.status).toBe(400);
    const refusal = await myNumberAsPerson.text();
    expect(refusal).toContain('personId: must not be a My Number');
    expect(refusal).not.toContain('123456789018');
    const myNumberAsNumber = await command(api, 'POST', `${personPath('p')}/enrolment`, {
      ...enrolmentBody,
      number: '123456789018',
    });
    expect(myNumberAsNumber.status).toBe(400);
    const numberRefusal = await myNumberAsNumber.text();
    expect(numberRefusal).toContain('number: must not be a My Number');
    expect(numberRefusal).not.toContain('123456789018');
    const noKey = await command(api, 'POST', `${personPath('p')}/enrolment`, enrolmentBody, { idempotencyKey: null });
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as Problem).detail).toContain('Idempotency-Key: the header is required');
    const longKey = await command(api, 'POST', `${personPath('p')}/enrolment`, enrolmentBody, {
      idempotencyKey: 'k'.repeat(129),
    });
    expect(longKey.status).toBe(400);
    expect(((await longKey.json()) as Problem).detail).toBe(
      'Idempotency-Key: must be 1 to 128 printable ASCII characters, no space',
    );
    // One byte over 1 MiB, the JSON body limit.
    const huge = await announcedBody(`${personPath('p')}/enrolment`, 1024 * 1024 + 1);
    expect(huge.status).toBe(413);
    expect(huge.contentType).toMatch(/^application\/problem\+json/);
    expect((JSON.parse(huge.text) as Problem).code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    expect(await headPosition(api)).toBe(before);
  });

  it.each([
    ['a wrong check digit', '123456', 'insurerNumber: check digit is wrong'],
    ['a six-digit number padded to eight', '00123455', 'insurerNumber: has no law code 00'],
  ])(
    'refuses an insurer number with %s with 400 naming it, also to a clerk of another insurer, writing nothing',
    async (_, insurer, detail) => {
      const before = await headPosition(api);
      const response = await command(api, 'POST', `${personPath('p', insurer)}/enrolment`, enrolmentBody);
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).detail).toContain(detail);
      expect(await headPosition(api)).toBe(before);
    },
  );

  it('refuses a registration dated after today in Japan with 400 naming registeredOn, writing nothing: a mistyped year would block every later change', async () => {
    const person = personPath(freshKey());
    expect((await command(api, 'POST', `${person}/enrolment`, enrolmentBody)).status).toBe(201);
    const before = await headPosition(api);
    const ahead = await command(api, 'POST', `${person}/card-registration`, {
      registeredOn: '2099-01-10',
      channel: 'portal',
    });
    expect(ahead.status).toBe(400);
    expect(((await ahead.json()) as Problem).errors).toEqual([
      expect.stringMatching(/^registeredOn: must not be after today \(\d{4}-\d{2}-\d{2} in Japan\)/),
    ]);
    expect(await headPosition(api)).toBe(before);
  });

  it('names the errors of the path and of the body together, so one fix mends the request', async () => {
    const before = await headPosition(api);
    const response = await command(api, 'POST', `${personPath('123456789018', '123456')}/enrolment`, {
      ...enrolmentBody,
      name: undefined,
      relationship: 'spouse',
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as Problem & { errors: string[] };
    expect(errors).toEqual([
      expect.stringMatching(/^insurerNumber: /) as string,
      expect.stringMatching(/^personId: must not be a My Number/) as string,
      'relationship: must be one of insured, dependant',
      'name: is required',
    ]);
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a My Number written in groups of four as a person id, without repeating it', async () => {
    const response = await command(api, 'POST', `${personPath('1234-5678-9018')}/enrolment`, enrolmentBody);
    expect(response.status).toBe(400);
    const refusal = await response.text();
    expect(refusal).toContain('personId: must not be a My Number');
    expect(refusal).not.toContain('5678');
  });

  it.each([
    ['malformed JSON', 'application/json', '{"number":', 400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'not valid JSON'],
    ['an empty body', 'application/json', '', 400, 'FST_ERR_CTP_EMPTY_JSON_BODY', 'content type says JSON'],
    ['JSON sent as text', 'text/plain', '{"number":"1"}', 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'application/json'],
    [
      'an HTML form',
      'application/x-www-form-urlencoded',
      'number=1&relationship=insured',
      415,
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      'application/json',
    ],
  ])(
    "answers %s with Fastify's code for a client to branch on, in the ledger's words, writing nothing",
    async (_, contentType, body, status, code, detail) => {
      const before = await headPosition(api);
      const response = await fetch(`${api.url}${personPath('unparsed')}/enrolment`, {
        method: 'POST',
        headers: { authorization: `Bearer ${testKeys.clerk}`, 'content-type': contentType, 'idempotency-key': code },
        body,
      });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ status, code, detail: expect.stringContaining(detail) as string });
      expect(await headPosition(api)).toBe(before);
    },
  );

  it('refuses a form for a check or a key as for a command (415), recording and creating nothing', async () => {
    const before = await headPosition(api);
    const keysBefore = await call(api, 'GET', '/v1/admin/keys', { key: testKeys.admin }).then((answer) =>
      answer.text(),
    );
    for (const [path, key, form] of [
      ['/v1/eligibility-checks', testKeys.medical, 'medicalInstitutionCode=0110113719&method=numbers'],
      ['/v1/admin/keys', testKeys.admin, 'role=auditor'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      expect({ path, status: response.status }).toEqual({ path, status: 415 });
      expect(await response.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    }
    expect(await headPosition(api)).toBe(before);
    expect(await call(api, 'GET', '/v1/admin/keys', { key: testKeys.admin }).then((answer) => answer.text())).toBe(
      keysBefore,
    );
  });

  it('words every field-level error as field: reason, on every kind of route, writing nothing', async () => {
    const before = await headPosition(api);
    const person = personPath(freshKey());
    const answers = [
      await command(api, 'POST', `${person}/enrolment`, { number: '', relationship: 'spouse', colour: 'red' }),
      await command(api, 'POST', `${person}/documents`, { documentType: 'passport', issuedOn: '2025-02-30' }),
      await command(api, 'POST', `${person}/registration-cancellation-request`, { identityDocumentChecked: 'yes' }),
      await command(api, 'POST', `${person}/enrolment`, enrolmentBody, { idempotencyKey: null }),
      await command(api, 'POST', `${person}/enrolment`, enrolmentBody, { headers: { 'if-match': 'latest' } }),
      await command(api, 'POST', `${personPath('no spaces')}/enrolment`, enrolmentBody),
      await call(api, 'POST', '/v1/eligibility-checks', {
        key: testKeys.medical,
        body: { medicalInstitutionCode: '1', method: 'fax', branch: '1' },
      }),
      await call(api, 'POST', '/v1/admin/keys', { key: testKeys.admin, body: { role: 'boss', colour: 'red' } }),
      await call(api, 'GET', `${person}?on=2025-02-30&asKnownAt=yesterday`, { key: testKeys.clerk }),
    ];
    const errors: string[] = [];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      errors.push(...((await answer.json()) as Problem & { errors: string[] }).errors);
    }
    expect(errors.length).toBeGreaterThanOrEqual(answers.length);
    for (const error of errors) expect(error).toMatch(/^[A-Za-z][\w.-]*(\[\d+\])?: \S/);
    expect(errors).toEqual(
      expect.arrayContaining([
        'colour: not a field of this request',
        'relationship: must be one of insured, dependant',
        'identityDocumentChecked: must be true or false',
        'If-Match: must be a stream revision, bare or quoted: 3 or "3"',
        'role: must be one of insurer-clerk, auditor, medical-institution, subscriber, admin',
      ]),
    );
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a Correlation-Id or Causation-Id outside 1-128 printable ASCII (no space), naming the header, writing nothing', async () => {
    const before = await headPosition(api);
    for (const [header, value] of [
      ['correlation-id', 'é'.repeat(6_000)],
      ['correlation-id', 'two words'],
      ['causation-id', 'x'.repeat(129)],
      ['causation-id', ''],
    ] as const) {
      const response = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
        headers: { [header]: value },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const name = header === 'correlation-id' ? 'Correlation-Id' : 'Causation-Id';
      expect(((await response.json()) as Problem).errors).toEqual([
        `${name}: must be 1 to 128 printable ASCII characters, no space`,
      ]);
    }
    expect(await headPosition(api)).toBe(before);
    const traced = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
      headers: { 'correlation-id': 'move-2025-0042', 'causation-id': 'x'.repeat(128) },
    });
    expect(traced.status).toBe(201);
  });

  it('§3.3: refuses a My Number split by underscores, no-break spaces, dots or a katakana mark, and repeats it nowhere', async () => {
    const before = await headPosition(api);
    const refusals = [
      await command(api, 'POST', `${personPath('1234_5678_9018')}/enrolment`, enrolmentBody),
      await command(api, 'POST', `${personPath(freshKey())}/enrolment`, {
        ...enrolmentBody,
        address: '東京都 1234\u00A05678\u00A09018',
      }),
      await command(api, 'POST', `${personPath(freshKey())}/enrolment`, {
        ...enrolmentBody,
        name: '山田 6214ー9832ー0257',
      }),
      await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
        headers: { 'correlation-id': '6214.9832.0257' },
      }),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(400);
      const text = await response.text();
      expect((JSON.parse(text) as Problem).errors?.join(' ')).toMatch(/must not (be|hold) a My Number/);
      expect(text).not.toMatch(/5678|9832/);
    }
    const unknownPath = await call(api, 'GET', '/v1/insurers/123455/persons/1234%C2%A05678%C2%A09018/nothing', {
      key: testKeys.clerk,
    });
    expect(await unknownPath.text()).not.toMatch(/5678/);
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a My Number as an Idempotency-Key, Correlation-Id or Causation-Id, and repeats none in an answer (DOMAIN.md §3.3)', async () => {
    const before = await headPosition(api);
    for (const [header, name] of [
      ['idempotency-key', 'Idempotency-Key'],
      ['correlation-id', 'Correlation-Id'],
      ['causation-id', 'Causation-Id'],
    ] as const) {
      const response = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
        headers: { [header]: '983205673214' },
      });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect((JSON.parse(text) as Problem).errors).toEqual([`${name}: must not be a My Number (DOMAIN.md §3.3)`]);
      expect(text).not.toContain('983205673214');
    }
    expect(await headPosition(api)).toBe(before);
    // Where a refusal repeats what was sent (a revision, a route), a My Number in it is not repeated.
    const stale = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
      headers: { 'if-match': '123456789018' },
    });
    expect(stale.status).toBe(409);
    const unknownRoute = await call(api, 'GET', '/v1/nothing/621498320257', { key: testKeys.clerk });
    expect(unknownRoute.status).toBe(404);
    const encodedRoute = await call(api, 'GET', '/v1/nothing/x%36%32%31498320257', { key: testKeys.clerk });
    expect(encodedRoute.status).toBe(404);
    for (const answer of [await stale.text(), await unknownRoute.text(), await encodedRoute.text()]) {
      expect(answer).toContain('[redacted]');
      expect(answer).not.toMatch(/123456789018|621498320257|%36%32%31498320257/);
    }
  });

  it('answers 403 to a clerk for another insurer', async () => {
    const response = await command(api, 'POST', `${personPath('p', otherInsurer)}/enrolment`, enrolmentBody);
    expect(response.status).toBe(403);
    expect(((await response.json()) as Problem).detail).toContain(otherInsurer);
  });

  it('documents every command route with a request example', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { examples?: object }> };
            parameters?: { name: string; in: string; schema?: { type?: string; example?: string } }[];
          }
        >
      >;
    };
    const commandRoutes = Object.entries(document.paths).filter(([path]) => path.includes('/persons/{personId}/'));
    // Commands are the POST and DELETE operations; the queries beside them (GET) take no body.
    const operations = commandRoutes.flatMap(([, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) => (method === 'get' ? [] : [operation])),
    );
    expect(operations).toHaveLength(17);
    for (const operation of operations) {
      expect(operation.requestBody?.content['application/json']?.examples).toBeDefined();
      expect(operation.parameters?.filter(({ in: where }) => where === 'header').map(({ name }) => name)).toEqual(
        expect.arrayContaining(['Idempotency-Key', 'If-Match', 'Correlation-Id', 'Causation-Id']),
      );
      const path = operation.parameters?.filter(({ in: where }) => where === 'path') ?? [];
      expect(path.map(({ name, schema }) => [name, schema?.type])).toEqual(path.map(({ name }) => [name, 'string']));
    }
    // One key per command: an example sent after another of the same person must not be a reused key (422).
    const keys = operations.map(
      (operation) => operation.parameters?.find(({ name }) => name === 'Idempotency-Key')?.schema?.example,
    );
    expect(new Set(keys).size).toBe(operations.length);
  });

  it('says what the fields mean whose name does not: a carried registration, where a restriction was filed, when validUntil is required', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    const { EnrolmentBody, DocumentIssueBody, ViewingRestrictionFilingBody } = document.components.schemas;
    expect(EnrolmentBody?.properties.carriedRegistration?.description).toContain('R37');
    expect(ViewingRestrictionFilingBody?.properties.filedWith?.description).toContain('R32');
    expect(DocumentIssueBody?.properties.validUntil?.description).toContain('Required for an eligibility certificate');
  });

  it('says which example is outside the story, and why: a card registration after the enrolment example is refused (R36)', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as CommandDocuments;
    const exampleOf = (route: string) => commandExample(document, route);
    expect(exampleOf('/enrolment').description).toContain(
      'registration-cancellation-request, registration-cancellation',
    );
    expect(exampleOf('/card-registration').description).toContain('(R36)');
    const person = personPath(freshKey());
    // Other numbers: the story's eligibility check below must find its person alone.
    const enrolment = { ...(exampleOf('/enrolment').value as object), number: '7654321' };
    expect((await command(api, 'POST', `${person}/enrolment`, enrolment)).status).toBe(201);
    const registered = await command(api, 'POST', `${person}/card-registration`, exampleOf('/card-registration').value);
    expect(registered.status).toBe(422);
    expect(await registered.json()).toMatchObject({ rule: 'R36' });
  });

  it('takes the documented examples of one story, in order: enrolment to the delivered certificate, then the withdrawal', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as CommandDocuments;
    const exampleOf = (route: string) => commandExample(document, route).value;
    const person = personPath(freshKey());
    const documentId = exampleOf('/documents').documentId as string;
    let written = '';
    for (const route of [
      '/enrolment',
      '/registration-cancellation-request',
      '/registration-cancellation',
      '/documents',
      `/documents/{documentId}/delivery`,
    ]) {
      const response = await command(
        api,
        'POST',
        `${person}${route.replace('{documentId}', documentId)}`,
        exampleOf(route),
      );
      expect({ route, status: response.status, body: response.status === 201 ? '' : await response.text() }).toEqual({
        route,
        status: 201,
        body: '',
      });
      written = response.headers.get('ledger-position')!;
    }
    // A clinic asks for that person as the eligibility examples do, and is answered as they document.
    const checks = document.paths['/v1/eligibility-checks']!.post! as unknown as {
      requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> };
      responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }>;
    };
    const asked = checks.requestBody.content['application/json']!.examples;
    const answered = checks.responses['200']!.content['application/json']!.examples;
    // Once the read models have the story: a person enrolled a moment ago may not be indexed yet.
    const check = async (body: Record<string, unknown>) =>
      (
        await call(api, 'POST', '/v1/eligibility-checks', {
          key: testKeys.medical,
          body,
          headers: { 'ledger-min-position': written },
        })
      ).json();
    expect(await check(asked.numbers!.value)).toEqual(answered.valid!.value);
    expect(await check({ ...asked.numbers!.value, confirmationDate: '2026-05-01' })).toEqual(
      expect.objectContaining({ validity: 1 }),
    );
    expect(await check({ ...asked.card!.value, confirmationDate: '2025-08-15' })).toEqual(
      answered.cardNotUsable!.value,
    );
    // The person's documents are answered with the fields the documented example shows, no more, no fewer.
    const documentsRoute = document.paths['/v1/insurers/{insurerNumber}/persons/{personId}/documents']!
      .get! as unknown as {
      responses: Record<string, { content: Record<string, { schema: { example: { documents: object[] } } }> }>;
    };
    const documented = documentsRoute.responses['200']!.content['application/json']!.schema.example.documents[0]!;
    const documents = (await (
      await call(api, 'GET', `${person}/documents?on=2025-08-15`, {
        key: testKeys.clerk,
        headers: { 'ledger-min-position': written },
      })
    ).json()) as { documents: { documentId: string }[] };
    const certificate = documents.documents.find((each) => each.documentId === documentId)!;
    expect(Object.keys(certificate).sort()).toEqual(Object.keys(documented).sort());
    const qualificationRoute = document.paths['/v1/insurers/{insurerNumber}/persons/{personId}']!.get! as unknown as {
      responses: Record<string, { content: Record<string, { schema: { example: object } }> }>;
    };
    const qualification = (await (
      await call(api, 'GET', `${person}?on=2025-08-15`, {
        key: testKeys.clerk,
        headers: { 'ledger-min-position': written },
      })
    ).json()) as object;
    // Every field of the documented qualification is answered (symbol, branch and the like are the example's to omit).
    const documentedQualification = qualificationRoute.responses['200']!.content['application/json']!.schema.example;
    expect(Object.keys(qualification)).toEqual(expect.arrayContaining(Object.keys(documentedQualification)));
    // The withdrawal example ends the story; asked after it, the clinic is answered as the `lost` example.
    expect((await command(api, 'POST', `${person}/withdrawal`, exampleOf('/withdrawal'))).status).toBe(201);
    expect(await check({ ...asked.numbers!.value, confirmationDate: '2026-05-01' })).toEqual(answered.lost!.value);
  });
});
