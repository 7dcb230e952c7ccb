import { type ChildProcess, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built processes: `npm test` builds them before Jest runs. */
const root = resolve(__dirname, '../..');
export const apiEntry = join(root, 'dist/apps/ledger-api/src/main.js');
export const cliEntry = join(root, 'dist/apps/ledger-cli/src/ledger.js');

export const temporaryDirectory = (): string => mkdtempSync(join(tmpdir(), 'ledger-test-'));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningApi {
  readonly url: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/** Starts the API and resolves once /health answers; rejects if the process exits or 15 s pass. */
export async function startApi(environment: NodeJS.ProcessEnv = {}): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [apiEntry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: join(temporaryDirectory(), 'data'),
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, process: child, output: () => output, stop };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  await stop();
  throw new Error(`the API did not answer /health within 15 s:\n${output}`);
}

/** Runs the API expecting it to refuse to start; bounded so a wrongly started server cannot hang the suite. */
export function runApiExpectingExit(environment: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [apiEntry], {
    env: { ...process.env, HOST: '127.0.0.1', LEDGER_DATA_DIR: join(temporaryDirectory(), 'data'), ...environment },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

export const runCli = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8', timeout: 15_000 });
