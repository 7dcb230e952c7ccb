import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../package.json';
import { type RunningApi, runApiExpectingExit, startApi, temporaryDirectory } from './support/ledger-processes';

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
    });
  });

  it('serves the OpenAPI UI at /docs and the document at /docs-json', async () => {
    const ui = await fetch(`${api.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
      openapi: string;
      info: { version: string };
      paths: object;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.version).toBe(version);
    expect(Object.keys(document.paths)).toContain('/health');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await fetch(`${api.url}/v1/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/v1/nowhere' });
  });

  it('creates its data directory', () => {
    expect(existsSync(dataDirectory)).toBe(true);
  });

  it('logs JSON lines and keeps the authorization header out of them', async () => {
    await fetch(`${api.url}/health`, { headers: { authorization: 'Bearer secret-key-123' } });
    await new Promise((wait) => setTimeout(wait, 200));
    const lines = api.output().trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(api.output()).not.toContain('secret-key-123');
  });
});

describe('ledger-api configuration', () => {
  it.each([
    ['PORT', 'abc', 'PORT must be an integer between 1 and 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer between 1 and 65535'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
  ])('refuses to start with %s=%s and names the variable', (variable, value, message) => {
    const run = runApiExpectingExit({ [variable]: value });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('refuses to start when the data directory cannot be created', () => {
    // A path below a regular file cannot be a directory, even for root.
    const file = join(temporaryDirectory(), 'a-file');
    writeFileSync(file, '');
    const run = runApiExpectingExit({ PORT: '3001', LEDGER_DATA_DIR: join(file, 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LEDGER_DATA_DIR');
  });
});
