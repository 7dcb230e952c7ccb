import autocannon from 'autocannon';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Service {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

export const benchConnections = 64;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function started(child: ChildProcess, url: string, path: string): Promise<Service> {
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (
      await fetch(`${url}${path}`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { url, stop };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  await stop();
  throw new Error(`${url} did not answer ${path} within 60 s`);
}

/** The built ledger API on its own data directory; built first, so the figure is of the current code. */
export async function startLedgerApi(dataDirectory: string, apiKeys: unknown): Promise<Service> {
  const entry = join(process.cwd(), 'dist/apps/ledger-api/src/main.js');
  const build = spawnSync('npx', ['nest', 'build', 'ledger-api'], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(entry)) throw new Error('nest build ledger-api failed');
  const port = await freePort();
  // As `npm start` runs it (ADR 0016).
  const child = spawn(process.execPath, ['--max-semi-space-size=64', entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: dataDirectory,
      LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: JSON.stringify(apiKeys),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return started(child, `http://127.0.0.1:${port}`, '/health');
}

/** The ceiling: a bare Fastify route in its own process, taking a JSON body and answering a fixed JSON. */
export async function startBareFastify(): Promise<Service> {
  const port = await freePort();
  const program = `
    const app = require('fastify')({ logger: false });
    const answer = { events: [{ type: 'QualificationAcquired', revision: 0 }], revision: 0, position: 1 };
    app.get('/ready', async () => ({ ok: true }));
    app.post('/command', async (request, reply) => reply.code(201).send(answer));
    app.listen({ port: ${port}, host: '127.0.0.1' });`;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'ignore', 'inherit'] });
  return started(child, `http://127.0.0.1:${port}`, '/ready');
}

/** autocannon runs `warmup` before the measured run; its typings do not declare the option. */
type CannonOptions = autocannon.Options & {
  readonly warmup?: { readonly connections: number; readonly duration: number };
};

/**
 * Requests per second that answered 2xx, with 64 connections, and what else came back. The same
 * load runs first for a third of the duration, uncounted: the figure is of a service that has been
 * up a while, its code compiled and its caches warm, not of its first seconds.
 */
export async function cannon(
  options: Omit<autocannon.Options, 'connections'> & { readonly duration: number },
): Promise<{ perSecond: number; non2xx: number; errors: number; p99Ms: number; warmupSeconds: number }> {
  const warmup = { connections: benchConnections, duration: Math.max(1, Math.round(options.duration / 3)) };
  const withWarmup: CannonOptions = { ...options, connections: benchConnections, warmup };
  const result = await autocannon(withWarmup);
  return {
    perSecond: result['2xx'] / (result.duration || 1),
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
    warmupSeconds: warmup.duration,
  };
}
