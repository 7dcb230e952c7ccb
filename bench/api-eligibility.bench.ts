import autocannon from 'autocannon';
import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Figure, figure } from './figure';

const apiEntry = resolve(__dirname, '../apps/ledger-api/src/main.js');
const medicalKey = 'bench-medical-institution-key-0001';
const connections = 64;
const durationSeconds = 10;

interface Question {
  readonly insurerNumber: string;
  readonly symbol?: string;
  readonly number: string;
  readonly branch?: string;
  readonly birthDate: string;
}

/** Appends each generated person's history in one append, 64 persons at a time; keeps what a clinic would ask. */
export async function population(directory: string, persons: number): Promise<Question[]> {
  const store = new SqliteEventStore({ path: join(directory, 'events.db') });
  const questions: Question[] = [];
  let pending: Promise<unknown>[] = [];
  let current: { stream: string; events: { type: string; data: unknown }[] } | undefined;
  const flush = async () => {
    if (current) pending.push(store.append(current.stream, current.events, 'no_stream'));
    if (pending.length >= 64) {
      await Promise.all(pending);
      pending = [];
    }
  };
  for (const generated of generateHistories(persons, 42)) {
    const stream = `insured-${generated.insurerNumber}-${generated.personId}`;
    if (current?.stream !== stream) {
      await flush();
      current = { stream, events: [] };
    }
    for (const { type, data } of generated.events) {
      current.events.push({ type, data });
      if (type === 'QualificationAcquired' && current.events.length === 1) {
        const { insurerNumber, symbol, number, branch, birthDate } = data as Question;
        questions.push({ insurerNumber, symbol, number, branch, birthDate });
      }
    }
  }
  await flush();
  await Promise.all(pending);
  await store.close();
  return questions;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

/** The ceiling: a bare Fastify route answering a fixed JSON, in its own process like the service. */
const bareFastify = `
const app = require('fastify')();
const answer = { validity: 1, confirmationDate: '2026-11-01', method: 'numbers', insurerNumber: '123455', number: '1234567', branch: '01', relationship: 'insured', burdenRatio: '030', acquiredOn: '2020-04-01' };
app.post('/v1/eligibility-checks', async () => answer);
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

async function load(url: string, body: () => string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: durationSeconds,
    headers: { authorization: `Bearer ${medicalKey}`, 'content-type': 'application/json' },
    requests: [
      { method: 'POST', path: '/v1/eligibility-checks', setupRequest: (request) => ({ ...request, body: body() }) },
    ],
  });
}

export async function apiEligibilityBenchmark(scale: number): Promise<Figure[]> {
  if (!existsSync(apiEntry)) throw new Error(`${apiEntry} is missing: run \`npm run build\` first`);
  const persons = Math.max(100, Math.round(100_000 * scale));
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    const questions = await population(directory, persons);
    const [apiPort, barePort] = [await freePort(), await freePort()];
    const api = spawn(process.execPath, [apiEntry], {
      env: {
        ...process.env,
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: directory,
        LOG_LEVEL: 'warn',
        LEDGER_API_KEYS: JSON.stringify([{ key: medicalKey, role: 'medical-institution' }]),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const bare = spawn(process.execPath, ['-e', bareFastify], {
      env: { ...process.env, PORT: String(barePort) },
      stdio: ['ignore', 'ignore', 'inherit'],
      cwd: resolve(__dirname, '..'),
    });
    children.push(api, bare);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await until(
      'the read models to catch up',
      async () => {
        const health = (await (await fetch(`${apiUrl}/health`)).json()) as {
          headPosition: number;
          projectionLag: number;
        };
        return health.headPosition > 0 && health.projectionLag === 0;
      },
      30 * 60_000,
    );
    await until(
      'the bare Fastify route',
      async () => (await fetch(`http://127.0.0.1:${barePort}/`)).status === 404,
      30_000,
    );

    let next = 0;
    const dates = ['2026-11-01', '2025-06-01', '2023-04-01'];
    const body = () => {
      const question = questions[next % questions.length]!;
      const confirmationDate = dates[next % dates.length];
      next += 1;
      return JSON.stringify({ medicalInstitutionCode: '0110113719', confirmationDate, method: 'numbers', ...question });
    };
    const ceiling = await load(`http://127.0.0.1:${barePort}`, () => '{}');
    const measured = await load(apiUrl, body);
    const params = {
      persons,
      connections,
      durationSeconds,
      requests: measured.requests.total,
      non2xx: measured.non2xx,
      errors: measured.errors,
      ceilingP99Ms: ceiling.latency.p99,
      target: '>= 10000 checks/s, p99 <= 10 ms',
    };
    return [
      figure('api.eligibility', measured.requests.average, 'checks/s', ceiling.requests.average, params),
      figure('api.eligibility.p99', measured.latency.p99, 'ms', ceiling.latency.p99, params),
    ];
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((wait) => setTimeout(wait, 500));
    rmSync(directory, { recursive: true, force: true });
  }
}
