import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { version } from '../package.json';
import {
  eventually,
  freePort,
  type RunningApi,
  runApiExpectingExit,
  startApi,
  temporaryDirectory,
} from './support/ledger-processes';
import { testInsurer, testKeys, testKeysVariable } from './support/keys';
import { enrolment, myNumber } from './support/read-side-population';
import { makeUnwritable } from './support/unwritable-file';

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

interface RequestLog {
  readonly msg: string;
  readonly req?: { readonly url: string; readonly method: string; readonly headers?: unknown };
}

/** An HTTP answer as a raw socket read it up to the connection's close. */
function rawAnswer(text: string) {
  const [head, body] = text.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head!.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => line.toLowerCase().split(': ') as [string, string]));
  return { statusLine, headers, body: JSON.parse(body!) as unknown };
}

/** Writes bytes no HTTP client would send and reads what comes back until the server closes. */
async function sendRaw(api: RunningApi, bytes: string) {
  const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  const closed = once(socket, 'close');
  socket.write(bytes);
  await closed;
  return rawAnswer(answer);
}

describe('ledger-api as a process', () => {
  let api: RunningApi;
  const dataDirectory = join(temporaryDirectory(), 'nested', 'data');

  beforeAll(async () => {
    api = await startApi({ LEDGER_DATA_DIR: dataDirectory });
  });

  afterAll(() => api.stop());

  it('answers /health with its status and version', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: 'ok',
      version,
      uptimeSeconds: expect.any(Number) as number,
      headPosition: 0,
      projectionCheckpoint: 0,
      projectionLagPositions: 0,
      eventStore: 'answers',
    });
  });

  it('serves the OpenAPI UI at /docs and the document at /docs-json', async () => {
    const ui = await fetch(`${api.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required: string[] }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: 'Qualification ledger API', version });
    expect(document.paths['/health']?.get?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/HealthStatus' } } },
    });
    expect(document.components.schemas.HealthStatus?.required).toEqual(
      expect.arrayContaining(['status', 'version', 'uptimeSeconds']),
    );
  });

  it('documents the 4xx answers of queries, eligibility checks, feeds and admin keys, and 503 with Retry-After', async () => {
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { description: string; headers?: Record<string, unknown> }> }>
      >;
    };
    const answers = (path: string, method: string) => Object.keys(document.paths[path]![method]!.responses);
    const queries = Object.keys(document.paths).filter(
      (path) =>
        path === '/v1/audit' ||
        path === '/v1/documents/{documentId}' ||
        /\/(persons\/\{personId\}|worklists)/.test(path),
    );
    const queryRoutes = queries.filter((path) => document.paths[path]!.get);
    expect(queryRoutes.length).toBeGreaterThanOrEqual(7);
    for (const path of queryRoutes) {
      expect([path, answers(path, 'get')]).toEqual([path, expect.arrayContaining(['400', '401', '403', '503'])]);
      expect(document.paths[path]!.get!.responses['503']!.headers).toHaveProperty('Retry-After');
    }
    for (const path of ['/v1/insurers/{insurerNumber}/persons/{personId}', '/v1/documents/{documentId}']) {
      expect(answers(path, 'get')).toContain('404');
    }
    // Each 403 says who is refused: the audit export is the auditors' alone, a document is read by
    // id without an insurer in its path (a clerk of another insurer gets 404), the rest are an insurer's.
    const forbiddenWho = (path: string) =>
      path === '/v1/audit'
        ? 'Not an auditor key (problem+json)'
        : path === '/v1/documents/{documentId}'
          ? 'Not an insurer-clerk or auditor key (problem+json)'
          : 'Not an insurer-clerk or auditor key, or an insurer-clerk of another insurer (problem+json)';
    expect(queryRoutes.map((path) => [path, document.paths[path]!.get!.responses['403']!.description])).toEqual(
      queryRoutes.map((path) => [path, forbiddenWho(path)]),
    );
    expect(answers('/v1/eligibility-checks', 'post')).toEqual(expect.arrayContaining(['400', '401', '403']));
    expect(answers('/v1/feeds/{feed}', 'get')).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    expect(answers('/v1/admin/keys', 'post')).toEqual(expect.arrayContaining(['400', '401', '403']));
    expect(answers('/v1/admin/keys/{id}', 'delete')).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    expect(answers('/v1/admin/keys', 'get')).toEqual(expect.arrayContaining(['400', '401', '403']));
    expect(answers('/metrics', 'get')).toEqual(expect.arrayContaining(['400', '401', '403']));
    // What Fastify answers before any route runs, on every route it can happen on.
    const enrolment = '/v1/insurers/{insurerNumber}/persons/{personId}/enrolment';
    expect(answers(enrolment, 'post')).toEqual(expect.arrayContaining(['413', '414', '415']));
    expect(answers('/v1/eligibility-checks', 'post')).toEqual(expect.arrayContaining(['413', '415']));
    expect(answers('/v1/documents/{documentId}', 'get')).toContain('414');
    expect(answers('/v1/audit', 'get')).not.toContain('414');
  });

  it('describes every refusal as problem+json, with the schema of its fields', async () => {
    type Answer = { content?: Record<string, { schema?: { $ref?: string } }> };
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
    };
    const refusals = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, { responses }]) =>
        Object.entries(responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, answer]) => ({ at: `${method.toUpperCase()} ${path} ${status}`, answer })),
      ),
    );
    expect(refusals.length).toBeGreaterThan(100);
    const undescribed = refusals.filter(
      ({ answer }) =>
        answer.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/ProblemDetails',
    );
    expect(undescribed.map(({ at }) => at)).toEqual([]);
    const problemDetails = document.components.schemas.ProblemDetails;
    expect(problemDetails?.required).toEqual(['type', 'title', 'status', 'detail', 'instance']);
    expect(Object.keys(problemDetails?.properties ?? {})).toEqual(expect.arrayContaining(['errors', 'rule', 'code']));
  });

  it('documents the success answer of every route, with a description and an example', async () => {
    type Schema = { example?: unknown; $ref?: string; items?: Schema; properties?: Record<string, Schema> };
    type Media = { example?: unknown; examples?: Record<string, { value: unknown }>; schema?: Schema };
    type Answer = { description?: string; content?: Record<string, Media> };
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
      components: { schemas: Record<string, Schema> };
    };
    // A schema of a documented class has an example when every property has one.
    const exemplified = (schema: Schema | undefined): boolean => {
      if (!schema) return false;
      if (schema.example !== undefined) return true;
      if (schema.items) return exemplified(schema.items);
      if (schema.$ref) return exemplified(document.components.schemas[schema.$ref.split('/').at(-1)!]);
      const properties = Object.values(schema.properties ?? {});
      return properties.length > 0 && properties.every(exemplified);
    };
    const undocumented: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, { responses }] of Object.entries(methods)) {
        const success = Object.entries(responses).find(([status]) => status.startsWith('2'))?.[1];
        const media = Object.values(success?.content ?? {});
        const examples = media.filter(
          (each) => each.example !== undefined || each.examples !== undefined || exemplified(each.schema),
        );
        if (!success?.description || examples.length === 0) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(Object.keys(document.paths['/metrics']!.get!.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await fetch(`${api.url}/v1/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: expect.any(String) as string,
      instance: '/v1/nowhere',
    });
  });

  it('answers a path it serves, asked with a method it does not take, with 405 and Allow; OPTIONS with 204 and Allow', async () => {
    const person = '/v1/insurers/123455/persons/wrong-method';
    for (const [method, path, allow] of [
      ['GET', '/v1/eligibility-checks?on=2025-06-01', 'POST'],
      ['POST', '/v1/documents/DOC-1', 'GET, HEAD'],
      ['PUT', `${person}/enrolment`, 'POST'],
      ['GET', `${person}/viewing-restriction`, 'POST, DELETE'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${testKeys.admin}` },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: 'Method Not Allowed',
        status: 405,
        detail: `this path does not take ${method}; it takes ${allow}`,
        instance: path,
      });
    }
    const asked = await fetch(`${api.url}/v1/documents/DOC-1`, { method: 'OPTIONS' });
    expect([asked.status, asked.headers.get('allow')]).toEqual([204, 'GET, HEAD']);
    const myNumberPath = '/v1/insurers/123455/persons/123456789018/documents';
    const redacted = await fetch(`${api.url}${myNumberPath}`, { method: 'DELETE' });
    expect(redacted.status).toBe(405);
    expect(await redacted.text()).not.toContain('123456789018');
  });

  it('answers the router’s refusals (a malformed URL, an over-long path parameter) as problem+json', async () => {
    for (const [path, status, detail] of [
      ['/v1/documents/%E0%A4%A', 400, 'the path is not a valid URL'],
      [`/v1/documents/${'d'.repeat(101)}`, 414, 'a path parameter is longer than 100 characters'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toEqual({
        type: 'about:blank',
        title: expect.any(String) as string,
        status,
        detail: expect.stringContaining(detail) as string,
        instance: path,
        code: expect.stringMatching(/^FST_ERR_(BAD_URL|MAX_PARAM_LENGTH)$/) as string,
      });
    }
  });

  it.each([
    ['headers too large', `GET /health HTTP/1.1\r\nHost: ledger\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
    ['a malformed request line', 'GET /health HTTP/9\r\n\r\n', 400],
    ['a malformed header', 'GET /health HTTP/1.1\r\nHost ledger\r\n\r\n', 400],
  ])(
    'answers a request the HTTP parser refuses (%s) as problem+json, and closes its connection',
    async (_, bytes, status) => {
      const { statusLine, headers, body } = await sendRaw(api, bytes);
      expect(statusLine).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(headers).toMatchObject({ 'content-type': 'application/problem+json', connection: 'close' });
      expect(body).toEqual({
        type: 'about:blank',
        title: expect.any(String) as string,
        status,
        detail: expect.any(String) as string,
        instance: '',
        code: expect.stringMatching(/^HPE_/) as string,
      });
    },
  );

  it('creates its data directory', () => {
    expect(existsSync(dataDirectory)).toBe(true);
  });

  it('logs each answered request as one JSON line on stdout, without credentials, a query it does not read or a My Number in the path', async () => {
    await fetch(`${api.url}/health?on=2025-01-01&myNumber=123456789018`, {
      headers: { authorization: 'Bearer secret-key-123', cookie: 'session=crumb-456' },
    });
    const url = '/health?on=2025-01-01&[redacted]';
    const logged = () => (jsonLines(api.stdout()) as RequestLog[]).filter((entry) => entry.req?.url === url);
    await eventually('the request log', () => logged().length > 0);
    expect(logged()).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        reqId: expect.any(String) as string,
        req: expect.objectContaining({ method: 'GET', url }) as unknown,
        res: { statusCode: 200 },
        responseTime: expect.any(Number) as number,
      }),
    ]);
    expect(logged()[0]!.req).not.toHaveProperty('headers');
    await fetch(`${api.url}/v1/insurers/123455/persons/621498320257`, {
      headers: { authorization: 'Bearer secret-key-123' },
    });
    const inPath = '/v1/insurers/123455/persons/[redacted]';
    await eventually('the request log of a My Number in the path', () =>
      (jsonLines(api.stdout()) as RequestLog[]).some((entry) => entry.req?.url === inPath),
    );
    expect(api.stdout()).not.toMatch(/secret-key-123|crumb-456|123456789018|621498320257/);
    expect(api.stderr()).toBe('');
  });
});

describe('ledger-api lifecycle', () => {
  let api: RunningApi | undefined;
  let occupant: Server | undefined;

  afterEach(async () => {
    await api?.stop();
    await new Promise((done) => (occupant ? occupant.close(done) : done(undefined)));
    api = undefined;
    occupant = undefined;
  });

  it('shuts down on SIGTERM', async () => {
    api = await startApi();
    const exit = await api.stop();
    // Nest runs the shutdown hooks, then re-raises the signal; a plain exit 0 would do as well.
    expect([
      { code: null, signal: 'SIGTERM' },
      { code: 0, signal: null },
    ]).toContainEqual(exit);
  });

  it('shuts down on SIGINT and SIGHUP too, and keeps serving through SIGUSR2, an operator’s heap-snapshot signal', async () => {
    for (const signal of ['SIGINT', 'SIGHUP'] as const) {
      const dataDirectory = join(temporaryDirectory(), 'data');
      api = await startApi({ LEDGER_DATA_DIR: dataDirectory });
      const exited = once(api.process, 'exit');
      api.process.kill(signal);
      const [code, ended] = (await exited) as [number | null, NodeJS.Signals | null];
      expect([
        { code: null, signal },
        { code: 0, signal: null },
      ]).toContainEqual({ code, signal: ended });
      // Closed, not abandoned: SQLite removes a log's -wal when its last connection closes.
      expect(existsSync(join(dataDirectory, 'events.db-wal'))).toBe(false);
    }
    const snapshots = temporaryDirectory();
    api = await startApi({ NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}` });
    api.process.kill('SIGUSR2');
    const { process: running } = api;
    await eventually(
      'a heap snapshot',
      () => readdirSync(snapshots).some((name) => name.endsWith('.heapsnapshot')),
      30_000,
    );
    expect(running.exitCode).toBeNull();
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  }, 60_000);

  it('logs an error nothing caught as a fatal line without the My Number it names, and exits 1', async () => {
    // Loaded before the service: on SIGUSR2, a rejection nobody handles, naming a stream by a My Number.
    const rejecting = join(temporaryDirectory(), 'reject-on-signal.js');
    writeFileSync(
      rejecting,
      `process.on('SIGUSR2', () => Promise.reject(new Error('no stream insured-${testInsurer}-${myNumber}')));`,
    );
    api = await startApi({ NODE_OPTIONS: `--require ${rejecting}` });
    // Its last lines are read once its pipes have closed, not when it exits.
    const exit = once(api.process, 'close');
    api.process.kill('SIGUSR2');
    const exited = await exit;
    expect(exited).toEqual([1, null]);
    const fatal = jsonLines(api.stdout()).find((line) => (line as { level?: number }).level === 60) as
      { msg: string; err: { message: string } } | undefined;
    expect(fatal?.msg).toBe('the service stopped on an error nothing caught');
    expect(fatal?.err.message).toMatch(/^no stream insured-/);
    expect(api.stdout() + api.stderr()).not.toContain(myNumber);
  });

  it('shuts down on SIGTERM with a feed open: the feed ends, and its request line is logged', async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
    const feed = await fetch(`${api.url}/v1/feeds/audit`, { headers: { authorization: `Bearer ${testKeys.auditor}` } });
    const received = feed.text();
    const started = Date.now();
    const exit = await api.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(exit).not.toEqual({ code: null, signal: 'SIGKILL' });
    expect(await received).toContain(': following audit after 0');
    expect(jsonLines(api.stdout())).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ url: '/v1/feeds/audit' }) as unknown,
      }),
    );
  });

  it('cuts a request still in flight when the shutdown grace is over: a batch whose client never ends its body', async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable, LEDGER_SHUTDOWN_GRACE_MS: '500' });
    const { port, hostname } = new URL(api.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.on('error', () => undefined);
    // A body of unknown length, one line sent, never ended.
    socket.write(
      `POST /v1/batches HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${testKeys.clerk}\r\n` +
        'Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const line = '{"command":"enrolment"}\n';
    socket.write(`${Buffer.byteLength(line).toString(16)}\r\n${line}\r\n`);
    await new Promise((wait) => setTimeout(wait, 300));
    const exit = await api.stop();
    expect(exit).not.toEqual({ code: null, signal: 'SIGKILL' });
    socket.destroy();
    // Cut, it still has its line: the process waited for the connection's close to write it.
    expect(jsonLines(api.stdout())).toContainEqual(
      expect.objectContaining({
        msg: 'request aborted',
        req: expect.objectContaining({ method: 'POST', url: '/v1/batches' }) as unknown,
      }),
    );
  });

  it('answers a request in flight at SIGTERM to its end, then exits: an audit export read slowly is complete', async () => {
    const data = join(temporaryDirectory(), 'data');
    mkdirSync(data, { recursive: true });
    // More lines than the sockets between the two processes buffer, so the export is still being read at SIGTERM.
    const persons = 30_000;
    const store = new SqliteEventStore({ path: join(data, 'events.db') });
    await Promise.all(
      Array.from({ length: persons }, (_, index) =>
        store.append(
          `insured-${testInsurer}-P${index}`,
          [enrolment(String(100_000 + index), '01', '1980-05-05')],
          'no_stream',
        ),
      ),
    );
    await store.close();
    api = await startApi({
      LEDGER_DATA_DIR: data,
      LEDGER_API_KEYS: testKeysVariable,
      LEDGER_MIN_POSITION_WAIT_MS: '10000',
    });
    const exported = await fetch(`${api.url}/v1/audit?insurerNumber=${testInsurer}&from=2000-01-01&to=2099-12-31`, {
      headers: { authorization: `Bearer ${testKeys.auditor}`, 'ledger-min-position': String(persons) },
    });
    expect(exported.status).toBe(200);
    const reader = exported.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    const exit = api.stop();
    // Long enough for the service to go through its shutdown hooks while the client reads nothing.
    await new Promise((wait) => setTimeout(wait, 500));
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    const positions = jsonLines(text).map((line) => (line as { position: number }).position);
    expect(positions).toHaveLength(persons);
    expect(positions.at(-1)).toBe(persons);
    expect(await exit).not.toEqual({ code: null, signal: 'SIGKILL' });
  }, 60_000);

  it('answers a request that arrives while it shuts down with 503 problem+json, and closes its connection', async () => {
    api = await startApi();
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
    await once(socket, 'connect');
    // Headers not finished: the connection is busy, so the server waits for it instead of closing it.
    socket.write('GET /health HTTP/1.1\r\nHost: ledger\r\n');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = once(socket, 'close');
    const exit = api.stop();
    await new Promise((wait) => setTimeout(wait, 500));
    socket.write('\r\n');
    await closed;
    const { statusLine, headers, body } = rawAnswer(answer);
    expect(statusLine).toBe('HTTP/1.1 503 Service Unavailable');
    expect(headers).toMatchObject({
      'content-type': 'application/problem+json; charset=utf-8',
      connection: 'close',
      'retry-after': '1',
    });
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the service is shutting down; send the request again',
      instance: '/health',
    });
    expect(await exit).not.toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('exits 1 with the reason on stderr when its port is taken, and keeps stdout JSON', async () => {
    const port = await freePort();
    const server = createServer();
    occupant = server;
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    const run = await runApiExpectingExit({ PORT: String(port) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`cannot listen on HOST 127.0.0.1, PORT ${port}: `);
    expect(run.stderr).toContain('EADDRINUSE');
    expect(() => jsonLines(run.stdout)).not.toThrow();
  });
});

describe('ledger-api configuration', () => {
  it.each([
    ['PORT', 'abc', 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer between 1 and 65535 (got "70000")'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['LEDGER_MIN_POSITION_WAIT_MS', 'soon', 'LEDGER_MIN_POSITION_WAIT_MS must be an integer number of milliseconds'],
    [
      'LEDGER_READY_MAX_LAG',
      '-1',
      'LEDGER_READY_MAX_LAG must be a whole number of log positions, 0 or more (got "-1")',
    ],
    ['LEDGER_FEED_HEARTBEAT_MS', '0', 'LEDGER_FEED_HEARTBEAT_MS must be an integer number of milliseconds'],
    // Number() would read these as 0, 1000 and 16: a typo must not start the service on a value nobody wrote.
    ['LEDGER_READY_MAX_LAG', '', 'LEDGER_READY_MAX_LAG must be a whole number of log positions, 0 or more (got "")'],
    ['PORT', '1e3', 'PORT must be an integer between 1 and 65535 (got "1e3")'],
    ['LEDGER_MIN_POSITION_WAIT_MS', '0x10', 'LEDGER_MIN_POSITION_WAIT_MS must be an integer number of milliseconds'],
    ['LEDGER_SHUTDOWN_GRACE_MS', '0', 'LEDGER_SHUTDOWN_GRACE_MS must be an integer number of milliseconds'],
  ])('refuses to start with %s=%s and names the variable, in one plain line', async (variable, value, message) => {
    const run = await runApiExpectingExit({ [variable]: value });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  it('refuses to start on a HOST it cannot listen on, naming HOST and PORT in one plain line', async () => {
    const run = await runApiExpectingExit({ HOST: 'nowhere.invalid' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Invalid configuration: cannot listen on HOST nowhere\.invalid, PORT \d+: /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses to start when the data directory cannot be created', async () => {
    // A path below a regular file cannot be a directory, even for root.
    const file = join(temporaryDirectory(), 'a-file');
    writeFileSync(file, '');
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: join(file, 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LEDGER_DATA_DIR');
  });

  it('refuses to start, in one line, where the file system takes no directory (/proc), rather than hang', async () => {
    // Node's recursive mkdir tries such a path again for ever: the service started neither listening nor logging.
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: '/proc/ledger-data' });
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(run.stderr).toBe(
      "LEDGER_DATA_DIR /proc/ledger-data cannot be created or written: ENOENT: no such file or directory, mkdir '/proc/ledger-data'\n",
    );
  });

  it('refuses to start on a data directory whose locks is a file, naming the lock it cannot open', async () => {
    const data = temporaryDirectory();
    writeFileSync(join(data, 'locks'), '');
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: data });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `cannot open the lock ${join(data, 'locks', 'read-models.lock')} (unable to open database file): ${join(data, 'locks')} must be a directory this process can write in\n`,
    );
  });

  it('refuses to start on a data directory whose events.db is no ledger, and leaves it as it was', async () => {
    const data = temporaryDirectory();
    const bytes = 'a spreadsheet saved under the wrong name, longer than an SQLite header of 100 bytes. '.repeat(3);
    writeFileSync(join(data, 'events.db'), bytes);
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: data });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `${join(data, 'events.db')} is no ledger (it is not an SQLite database): point LEDGER_DATA_DIR at a ledger's data directory, or a new one\n`,
    );
    expect(readFileSync(join(data, 'events.db'), 'utf8')).toBe(bytes);
  });

  it('refuses to start on a log that lost its streams table, calling it damaged, and does not make the table again', async () => {
    const data = temporaryDirectory();
    const path = join(data, 'events.db');
    await new SqliteEventStore({ path }).close();
    const db = new Database(path);
    db.exec('DROP TABLE streams');
    db.close();
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: data });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `the ledger at ${path} cannot be opened (it holds the event log's events table but not its streams table: the log is damaged): restore it from a backup\n`,
    );
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['events']);
    after.close();
  });

  it('refuses to start on a data directory whose events.db it may read but not write, naming the file', async () => {
    const data = temporaryDirectory();
    const path = join(data, 'events.db');
    await new SqliteEventStore({ path }).close();
    const giveBack = makeUnwritable(path);
    if (!giveBack) {
      console.warn('skipped: this machine cannot make a file unwritable for root (no immutable attribute)');
      return;
    }
    try {
      const run = await runApiExpectingExit({ LEDGER_DATA_DIR: data });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^LEDGER_DATA_DIR ${data}: events\\.db cannot be written \\((EACCES|EPERM): .*\\); the service writes every database in its data directory`,
        ),
      );
    } finally {
      giveBack();
    }
  });

  it('refuses to start on a data directory whose events.db is a directory, saying so', async () => {
    const data = temporaryDirectory();
    mkdirSync(join(data, 'events.db'));
    const run = await runApiExpectingExit({ LEDGER_DATA_DIR: data });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `${join(data, 'events.db')} is no ledger (it is a directory): point LEDGER_DATA_DIR at a ledger's data directory, or a new one\n`,
    );
  });
});

describe('ledger-api metrics', () => {
  it('says the store answers from the first scrape after start, not from the scrape after it', async () => {
    const api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
    try {
      const metrics = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${testKeys.admin}` } });
      expect(await metrics.text()).toMatch(/^ledger_event_store_answers 1$/m);
    } finally {
      await api.stop();
    }
  });
});

describe('ledger-api with an EventStoreDB cluster that does not answer', () => {
  it('stays alive (/health 200), is not ready (503), and /metrics says the store does not answer', async () => {
    // A port nothing listens on: the cluster is down.
    const port = await freePort();
    const api = await startApi({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false`,
      LEDGER_API_KEYS: testKeysVariable,
    });
    try {
      const health = await fetch(`${api.url}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'ok', eventStore: 'does-not-answer' });
      expect(body).not.toHaveProperty('headPosition');
      expect((await fetch(`${api.url}/health/ready`)).status).toBe(503);
      const metrics = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${testKeys.admin}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^ledger_event_store_answers 0$/m);
    } finally {
      await api.stop();
    }
  });
});
