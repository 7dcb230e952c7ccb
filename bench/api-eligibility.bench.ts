import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConnections, cannon, type Service, startBareFastify, startLedgerApi } from './api-service';
import { type Figure, figure } from './figure';

const medicalKey = 'bench-medical-institution-key-0001';
const durationSeconds = 10;

interface Question {
  readonly insurerNumber: string;
  readonly symbol?: string;
  readonly number: string;
  readonly branch?: string;
  readonly birthDate: string;
}

/** Appends each generated person's history in one append, 64 persons at a time; keeps what a clinic would ask. */
async function population(directory: string, persons: number): Promise<Question[]> {
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

async function until(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

export async function apiEligibilityBenchmark(scale: number): Promise<Figure[]> {
  const persons = Math.max(100, Math.round(100_000 * scale));
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-api-eligibility-'));
  const services: Service[] = [];
  try {
    const questions = await population(directory, persons);
    const api = await startLedgerApi(directory, [{ key: medicalKey, role: 'medical-institution' }]);
    services.push(api);
    await until(
      'the read models to catch up',
      async () => {
        const health = (await (await fetch(`${api.url}/health`)).json()) as {
          headPosition: number;
          projectionLagPositions: number;
        };
        return health.headPosition > 0 && health.projectionLagPositions === 0;
      },
      30 * 60_000,
    );
    const bare = await startBareFastify();
    services.push(bare);

    let next = 0;
    const dates = ['2026-11-01', '2025-06-01', '2023-04-01'];
    const body = () => {
      const question = questions[next % questions.length]!;
      const confirmationDate = dates[next % dates.length];
      next += 1;
      return JSON.stringify({ medicalInstitutionCode: '0110113719', confirmationDate, method: 'numbers', ...question });
    };
    const headers = { authorization: `Bearer ${medicalKey}`, 'content-type': 'application/json' };
    const ceiling = await cannon({
      url: `${bare.url}/command`,
      duration: durationSeconds,
      method: 'POST',
      headers,
      body: '{}',
    });
    const measured = await cannon({
      url: api.url,
      duration: durationSeconds,
      headers,
      requests: [
        { method: 'POST', path: '/v1/eligibility-checks', setupRequest: (request) => ({ ...request, body: body() }) },
      ],
    });
    const params = {
      persons,
      connections: benchConnections,
      durationSeconds,
      non2xx: measured.non2xx,
      errors: measured.errors,
      target: '>= 10000 checks/s, p99 <= 10 ms',
    };
    return [
      figure('api.eligibility', measured.perSecond, 'checks/s', ceiling.perSecond, params),
      figure('api.eligibility.p99', measured.p99Ms, 'ms', ceiling.p99Ms, params),
    ];
  } finally {
    for (const service of services) await service.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
