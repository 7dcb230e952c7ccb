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

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningApi {
  readonly url: string;
  readonly process: ChildProcess;
  /** What the service wrote on stdout so far: its logs, one JSON object per line. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Sends SIGTERM and resolves with how the process ended; SIGKILLs it and rejects after 10 s. */
  readonly stop: () => Promise<Exit>;
}

/** Polls `condition` every 50 ms; rejects with `what` once `timeoutMs` have passed. */
export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 50));
  }
}

function stopper(child: ChildProcess): () => Promise<Exit> {
  // On `close`, not `exit`: the process's last lines may still be in its pipes when it has exited.
  const exited = new Promise<Exit>((done) => child.once('close', (code, signal) => done({ code, signal })));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<never>((_, fail) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error('the API did not stop within 10 s of SIGTERM'));
      }, 10_000);
    });
    try {
      return await Promise.race([exited, overdue]);
    } finally {
      clearTimeout(timer);
    }
  };
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
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${stdout}${stderr}`);
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, process: child, stdout: () => stdout, stderr: () => stderr, stop };
    await new Promise((wait) => setTimeout(wait, 100));
  }
  await stop();
  throw new Error(`the API did not answer /health within 15 s:\n${stdout}${stderr}`);
}

/** Runs the API expecting it to refuse to start; bounded so a wrongly started server cannot hang the suite. */
export async function runApiExpectingExit(environment: NodeJS.ProcessEnv): Promise<SpawnSyncReturns<string>> {
  const port = await freePort();
  return spawnSync(process.execPath, [apiEntry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: join(temporaryDirectory(), 'data'),
      ...environment,
    },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

export const runCli = (...args: string[]): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8', timeout: 15_000 });
