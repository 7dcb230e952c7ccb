import { generateHistories, toBatchLine } from '@ledger/synthetic';
import { request } from 'node:http';
import { connect } from 'node:net';
import { eventually, type RunningApi, startApi } from './support/ledger-processes';
import { call, testInsurer, testKeys, testKeysVariable } from './support/keys';
import { enrolmentBody, headPosition, personPath, type Problem } from './support/commands';

// A 10,000-line batch on a busy machine takes a while.
jest.setTimeout(180_000);

interface LineResult {
  readonly line: number;
  readonly status: number;
  readonly detail?: string;
  readonly rule?: string;
  readonly repeated?: boolean;
  readonly events?: readonly string[];
}

const lineOf = (personId: string, idempotencyKey: string, body: Record<string, unknown> = enrolmentBody) =>
  JSON.stringify({ command: 'enrolment', insurerNumber: testInsurer, personId, idempotencyKey, ...body });

describe('POST /v1/batches', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  async function batch(lines: readonly string[]): Promise<{ response: Response; results: LineResult[] }> {
    const response = await call(api, 'POST', '/v1/batches', {
      key: testKeys.clerk,
      body: `${lines.join('\n')}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    const text = await response.text();
    const results = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LineResult);
    return { response, results };
  }

  it('answers every line in order; a bad line fails alone with its line number', async () => {
    const lines = [
      lineOf('b-1', 'b-1'),
      '{"command":"enrolment",',
      lineOf('b-2', 'b-2', { ...enrolmentBody, burdenRatio: 25 }),
      JSON.stringify({
        command: 'enrolment',
        insurerNumber: '33120015',
        personId: 'b-3',
        idempotencyKey: 'b-3',
        ...enrolmentBody,
      }),
      '',
      lineOf('b-1', 'b-1-again'),
      lineOf('b-4', 'b-4'),
    ];
    const empty = await headPosition(api);
    const { response, results } = await batch(lines);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    // Two lines written, one event each: the refused lines wrote nothing.
    expect(await headPosition(api)).toBe(empty + 2);
    expect(results.map(({ line, status }) => [line, status])).toEqual([
      [1, 201],
      [2, 400],
      [3, 400],
      [4, 403],
      [6, 422],
      [7, 201],
    ]);
    expect(results[1]!.detail).toContain('not valid JSON');
    expect(results[2]!.detail).toContain('burdenRatio');
    expect(results[4]!.rule).toBe('R1');

    const before = await headPosition(api);
    const again = await batch(lines);
    expect(again.results.map(({ line, status, repeated }) => [line, status, repeated ?? false])).toEqual([
      [1, 201, true],
      [2, 400, false],
      [3, 400, false],
      [4, 403, false],
      [6, 422, false],
      [7, 201, true],
    ]);
    expect(await headPosition(api)).toBe(before);
  });

  it('R40: refuses an eligibility-check line, naming the command, and writes nothing for it', async () => {
    const forged = JSON.stringify({
      command: 'eligibility-check',
      insurerNumber: testInsurer,
      personId: 'never-enrolled',
      idempotencyKey: 'forged-access-1',
      medicalInstitutionCode: '0110113719',
      confirmationDate: '2025-07-20',
      method: 'card',
      validity: 1,
    });
    const before = await headPosition(api);
    const { response, results } = await batch([forged]);
    expect(response.status).toBe(200);
    expect(results).toEqual([expect.objectContaining({ line: 1, status: 400 })]);
    expect(results[0]!.detail).toContain('command: eligibility-check is not accepted in a batch');
    expect(await headPosition(api)).toBe(before);
  });

  it('reads a line of up to 65,536 bytes; a longer one fails alone, naming the limit, and writes nothing', async () => {
    // Padded with JSON whitespace to the byte: the longer line is the same command, one space longer.
    const padded = (personId: string, bytes: number) => {
      const line = lineOf(personId, personId);
      return `{${' '.repeat(bytes - Buffer.byteLength(line))}${line.slice(1)}`;
    };
    const before = await headPosition(api);
    const { results } = await batch([padded('long-1', 65_537), padded('long-2', 65_536)]);
    expect(results).toEqual([
      expect.objectContaining({ line: 1, status: 400, detail: 'the line is longer than 65536 bytes' }),
      expect.objectContaining({ line: 2, status: 201 }),
    ]);
    expect(await headPosition(api)).toBe(before + 1);
  });

  it('reads a batch that begins with a byte order mark, as Windows tools write it', async () => {
    const { results } = await batch([`\uFEFF${lineOf('bom-1', 'bom-1')}`, lineOf('bom-2', 'bom-2')]);
    expect(results.map(({ line, status }) => [line, status])).toEqual([
      [1, 201],
      [2, 201],
    ]);
  });

  it('answers an empty body, or blank lines only, with 200 and no result, writing nothing', async () => {
    const before = await headPosition(api);
    for (const body of ['', '\n\n']) {
      const response = await call(api, 'POST', '/v1/batches', {
        key: testKeys.clerk,
        body,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a body that is not NDJSON with 415, whatever the body holds, and writes nothing', async () => {
    const lines = [lineOf('as-json-1', 'as-json-1'), lineOf('as-json-2', 'as-json-2')].join('\n');
    const before = await headPosition(api);
    for (const [contentType, body] of [
      ['application/json', JSON.stringify({ command: 'enrolment' })],
      // Several lines are no JSON document, and this many bytes are over the JSON limit: neither is what is wrong.
      ['application/json', lines],
      ['application/json; charset=utf-8', `${lines}\n${' '.repeat(2 * 1024 * 1024)}`],
      ['text/plain', lines],
    ]) {
      const response = await call(api, 'POST', '/v1/batches', {
        key: testKeys.clerk,
        headers: { 'content-type': contentType! },
        body: body!,
      });
      expect([contentType, response.status]).toEqual([contentType, 415]);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // The code a command of the wrong content type gets, from Fastify.
      expect(await response.json()).toMatchObject({
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        detail: 'a batch is sent as application/x-ndjson, one command per line',
      });
    }
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses NDJSON on every other route with 415, and keeps serving', async () => {
    for (const [path, key] of [
      ['/v1/admin/keys', testKeys.admin],
      ['/v1/eligibility-checks', testKeys.medical],
      [`${personPath('NDJSON')}/enrolment`, testKeys.clerk],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': 'ndjson-elsewhere',
        },
        body: '{"role":"auditor"}\n',
      });
      expect([path, response.status]).toEqual([path, 415]);
      expect(((await response.json()) as Problem).code).toBe('FST_ERR_CTP_INVALID_MEDIA_TYPE');
    }
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });

  it('logs a batch whose client left before the first line of the answer as aborted, and no error', async () => {
    // Run before the test whose batch goes on after its client left: the service reads this request at once.
    const before = api.stdout().length;
    // Commands that write: the first answers come only once the first chunk is committed.
    const body = Array.from({ length: 3_000 }, (_, index) => lineOf(`gone-${index}`, `gone-${index}`)).join('\n');
    await new Promise<void>((done, fail) => {
      const asking = request(`${api.url}/v1/batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${testKeys.clerk}`, 'content-type': 'application/x-ndjson' },
      });
      asking.on('response', () => fail(new Error('answered before the client left')));
      asking.on('error', (error) => (asking.destroyed ? undefined : fail(error)));
      asking.end(body, () => setTimeout(() => (asking.destroy(), done()), 50));
    });
    const lines = () =>
      api
        .stdout()
        .slice(before)
        .split('\n')
        // The batch's line, and any error, which names no request.
        .filter((line) => line.includes('"url":"/v1/batches"') || line.includes('"level":50'))
        .map((line) => JSON.parse(line) as { msg: string });
    await eventually('the batch’s line', () => lines().some(({ msg }) => msg === 'request aborted'), 30_000);
    // The batch goes on after the client left: its end is when an error would be logged.
    await new Promise((wait) => setTimeout(wait, 2_000));
    expect(lines().map(({ msg }) => msg)).toEqual(['request aborted']);
  });

  it('logs a batch whose client left before the end of the answer once, as aborted', async () => {
    const path = '/v1/batches';
    // Lines written from here on: the batch's own, with no marker in its URL (the route takes none).
    const before = api.stdout().length;
    // Lines refused one by one (an unknown field) write nothing; enough of them to answer in several writes.
    const body = `${lineOf('left', 'left', { ...enrolmentBody, unknown: true })}\n`.repeat(20_000);
    await new Promise<void>((done, fail) => {
      const asking = request(
        `${api.url}${path}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${testKeys.clerk}`, 'content-type': 'application/x-ndjson' },
        },
        (answer) => answer.once('data', () => (asking.destroy(), done())),
      );
      asking.on('error', (error) => (asking.destroyed ? undefined : fail(error)));
      asking.end(body);
    });
    const lines = () =>
      api
        .stdout()
        .slice(before)
        .split('\n')
        .filter((line) => line.includes('"url":"/v1/batches"'))
        .map((line) => JSON.parse(line) as { msg: string });
    // Written once the service has found the client gone, which may take seconds on a loaded machine.
    await eventually('the batch’s line', () => lines().length > 0, 30_000);
    await new Promise((wait) => setTimeout(wait, 300));
    expect(lines()).toEqual([expect.objectContaining({ msg: 'request aborted' })]);
  });

  it('answers a client that sends the whole body before it reads any of the answer', async () => {
    // Megabytes of body and of answers, more than the sockets' buffers hold: lines refused one by one write nothing.
    const lines = 80_000;
    const body = Buffer.from(`${lineOf('ahead', 'ahead', { ...enrolmentBody, unknown: true })}\n`.repeat(lines));
    const { port, hostname } = new URL(api.url);
    const answer = await new Promise<string>((done, fail) => {
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.pause();
      socket.on('error', fail);
      socket.write(
        // HTTP/1.0: the answer comes unchunked, its lines as they are, until the server closes.
        `POST /v1/batches HTTP/1.0\r\nHost: ${hostname}\r\nAuthorization: Bearer ${testKeys.clerk}\r\n` +
          `Content-Type: application/x-ndjson\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      let sent = 0;
      const send = () => {
        while (sent < body.length) {
          const room = socket.write(body.subarray(sent, sent + 65_536));
          sent = Math.min(sent + 65_536, body.length);
          if (!room) return void socket.once('drain', send);
        }
        // Only now does the client read.
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => done(Buffer.concat(chunks).toString()));
        socket.resume();
      };
      send();
      setTimeout(() => fail(new Error(`stuck after ${sent} of ${body.length} bytes of the body`)), 60_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.[01] 200 /);
    const results = answer
      .slice(answer.indexOf('\r\n\r\n') + 4)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LineResult);
    expect(results.map((result) => result.line)).toEqual(Array.from({ length: lines }, (_, index) => index + 1));
    expect(results.every((result) => result.status === 400)).toBe(true);
  });

  it('cuts the connection, writing nothing into the answer, when the body turns out malformed while the answer streams', async () => {
    // Lines refused one by one write nothing, and answer at once.
    const lines = `${lineOf('torn', 'torn', { ...enrolmentBody, unknown: true })}\n`.repeat(5_000);
    const { port, hostname } = new URL(api.url);
    const received = await new Promise<string>((done, fail) => {
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on('error', fail);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        // Once answers stream, the rest of the body comes: a chunk size that is no hexadecimal number.
        if (chunks.length === 1) socket.write('zz-not-hex\r\n');
      });
      socket.on('close', () => done(Buffer.concat(chunks).toString()));
      socket.write(
        `POST /v1/batches HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${testKeys.clerk}\r\n` +
          `Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n` +
          `${Buffer.byteLength(lines).toString(16)}\r\n${lines}\r\n`,
      );
      setTimeout(() => fail(new Error('the connection stayed open')), 30_000).unref();
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });

  it('takes a batch of 10,000 generated lines', async () => {
    const lines: string[] = [];
    for (const generated of generateHistories(Number.MAX_SAFE_INTEGER, 11)) {
      if (generated.insurerNumber !== testInsurer) continue;
      lines.push(toBatchLine(generated, `gen-${lines.length}`));
      if (lines.length === 10_000) break;
    }
    const before = await headPosition(api);
    const { response, results } = await batch(lines);
    expect(response.status).toBe(200);
    expect(results).toHaveLength(10_000);
    expect(results.map((result) => result.line)).toEqual(lines.map((_, index) => index + 1));
    expect(results.filter((result) => result.status !== 201)).toEqual([]);
    const written = results.reduce((sum, result) => sum + (result.events?.length ?? 0), 0);
    expect(await headPosition(api)).toBe(before + written);
  });
});
