import { generateHistories, toBatchLine } from '@ledger/synthetic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConnections, cannon, type Service, startBareFastify, startLedgerApi } from './api-service';
import { type Figure, figure, perSecond } from './figure';

const insurers = ['123455', '06050116', '39130018'];
const clerkKey = 'bench-clerk-key-0123456789';
const apiKeys = [{ key: clerkKey, role: 'insurer-clerk', insurers }];
const authorization = `Bearer ${clerkKey}`;

const enrolment = JSON.stringify({
  number: '1234567',
  relationship: 'insured',
  acquiredOn: '2024-04-01',
  burdenRatio: 30,
  birthDate: '1980-05-10',
  name: '山田 太郎',
});

/** What every API figure is measured with: the running service and the same-run ceiling. */
export interface ApiBenchContext {
  readonly api: Service;
  /** Requests/s of a bare Fastify route answering a fixed JSON, 64 connections, same run. */
  readonly ceiling: number;
  readonly seconds: number;
  readonly scale: number;
}

/** `api.commands`: enrolments of distinct persons, each acknowledged only once on disk. */
async function commandsFigure({ api, ceiling, seconds }: ApiBenchContext): Promise<Figure> {
  let sequence = 0;
  const measured = await cannon({
    url: api.url,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          sequence += 1;
          return {
            ...request,
            path: `/v1/insurers/123455/persons/bench-${sequence}/enrolment`,
            headers: { authorization, 'content-type': 'application/json', 'idempotency-key': `bench-${sequence}` },
            body: enrolment,
          };
        },
      },
    ],
  });
  return figure('api.commands', measured.perSecond, 'commands/s', ceiling, {
    connections: benchConnections,
    seconds,
    non2xx: measured.non2xx,
    errors: measured.errors,
    p99Ms: measured.p99Ms,
    target: 3000,
  });
}

/** `api.batch`: generated histories through /v1/batches, a few batches at once, each person in one batch. */
async function batchFigure({ api, ceiling, scale }: ApiBenchContext): Promise<Figure> {
  const total = Math.max(2000, Math.round(40_000 * scale));
  const parts = 4;
  const batches: string[][] = Array.from({ length: parts }, () => []);
  let lines = 0;
  let person = '';
  let part = 0;
  for (const generated of generateHistories(Number.MAX_SAFE_INTEGER, 23)) {
    if (generated.personId !== person && lines >= total) break;
    if (generated.personId !== person) {
      person = generated.personId;
      part = (part + 1) % parts;
    }
    batches[part]!.push(toBatchLine(generated, `batch-${(lines += 1)}`));
  }
  const started = process.hrtime.bigint();
  const answers = await Promise.all(
    batches.map(async (batch) => {
      const response = await fetch(`${api.url}/v1/batches`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-ndjson' },
        body: `${batch.join('\n')}\n`,
      });
      return (await response.text()).split('\n').filter((line) => line !== '');
    }),
  );
  const rate = perSecond(lines, started);
  const results = answers.flat().map((line) => JSON.parse(line) as { status: number });
  return figure('api.batch', rate, 'commands/s', ceiling, {
    lines,
    batches: parts,
    answered: results.length,
    refused: results.filter((result) => result.status !== 201).length,
    target: 20_000,
  });
}

/** One function per figure; each gets the same service and ceiling. */
const figures: readonly ((context: ApiBenchContext) => Promise<Figure>)[] = [commandsFigure, batchFigure];

export async function apiBenchmark(scale: number): Promise<Figure[]> {
  const seconds = Math.max(3, Math.round(10 * scale));
  const bare = await startBareFastify();
  let ceiling: number;
  try {
    const measured = await cannon({
      url: `${bare.url}/command`,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: enrolment,
    });
    ceiling = measured.perSecond;
  } finally {
    await bare.stop();
  }
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const api = await startLedgerApi(join(directory, 'data'), apiKeys);
  try {
    const results: Figure[] = [];
    for (const measure of figures) results.push(await measure({ api, ceiling, seconds, scale }));
    return results;
  } finally {
    await api.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
