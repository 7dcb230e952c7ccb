import { generateHistories, toBatchLine } from '@ledger/synthetic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiBenchContext, apiKeys, clerkKey } from './api-context';
import { eligibilityFigures } from './api-eligibility.bench';
import { population, readModelsCaughtUp } from './api-population';
import { benchConnections, cannon, type Service, startBareFastify, startLedgerApi } from './api-service';
import { type Figure, figure, perSecond } from './figure';

const authorization = `Bearer ${clerkKey}`;
const enrolment = JSON.stringify({
  number: '1234567',
  relationship: 'insured',
  acquiredOn: '2024-04-01',
  burdenRatio: 30,
  birthDate: '1980-05-10',
  name: '山田 太郎',
});

/** `api.commands`: enrolments of distinct persons, each acknowledged only once on disk. */
async function commandsFigure({ api, ceiling, seconds, persons }: ApiBenchContext): Promise<Figure> {
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
  return figure('api.commands', measured.perSecond, 'commands/s', ceiling.perSecond, {
    persons,
    connections: benchConnections,
    seconds,
    warmupSeconds: measured.warmupSeconds,
    non2xx: measured.non2xx,
    errors: measured.errors,
    p99Ms: measured.p99Ms,
    target: 3000,
  });
}

/**
 * `api.batch`: generated histories of persons new to the population through /v1/batches, a few
 * batches at once, each person in one batch. A batch of other new persons goes first, uncounted,
 * as the other figures' load warms up before they are measured.
 */
async function batchFigure({ api, ceiling, scale, persons }: ApiBenchContext): Promise<Figure> {
  const total = Math.max(2000, Math.round(40_000 * scale));
  const parts = 4;
  const everyone = newPersonsLines(persons, Math.round(total / parts) + total);
  const warmup: string[] = [];
  while (warmup.length < total / parts) warmup.push(...everyone.shift()!);
  await sendBatches(api, [warmup]);
  const batches = Array.from({ length: parts }, (_, part) =>
    everyone.filter((_, index) => index % parts === part).flat(),
  );
  const lines = batches.reduce((sum, batch) => sum + batch.length, 0);
  const started = process.hrtime.bigint();
  const answers = await sendBatches(api, batches);
  const rate = perSecond(lines, started);
  const results = answers.flat().map((line) => JSON.parse(line) as { status: number });
  return figure('api.batch', rate, 'commands/s', ceiling.perSecond, {
    persons,
    lines,
    batches: parts,
    answered: results.length,
    refused: results.filter((result) => result.status !== 201).length,
    warmupLines: warmup.length,
    target: 20_000,
  });
}

/** Batch lines of generated persons numbered from `firstPerson`, each person's apart, until at least `total` lines. */
function newPersonsLines(firstPerson: number, total: number): string[][] {
  const persons: string[][] = [];
  let lines = 0;
  let person = '';
  for (const generated of generateHistories(Number.MAX_SAFE_INTEGER, 23, { firstPerson })) {
    if (generated.personId !== person) {
      if (lines >= total) break;
      person = generated.personId;
      persons.push([]);
    }
    persons.at(-1)!.push(toBatchLine(generated, `batch-${(lines += 1)}`));
  }
  return persons;
}

/** Sends the batches at once; each answer's lines. */
function sendBatches(api: Service, batches: readonly string[][]): Promise<string[][]> {
  return Promise.all(
    batches.map(async (batch) => {
      const response = await fetch(`${api.url}/v1/batches`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-ndjson' },
        body: `${batch.join('\n')}\n`,
      });
      return (await response.text()).split('\n').filter((line) => line !== '');
    }),
  );
}

/** Each figure in turn on the same service; those before add persons to the population. */
export const apiFigures = {
  commands: async (context: ApiBenchContext) => [await commandsFigure(context)],
  batch: async (context: ApiBenchContext) => [await batchFigure(context)],
  eligibility: eligibilityFigures,
} as const;

/**
 * Starts the ledger API on a generated population of 100,000 persons (times `scale`), waits for its
 * read models, then measures the figures named, in order, each right after the ceiling: the
 * machine's speed drifts over minutes, and a ratio is only as good as the two sides' nearness in time.
 */
export async function apiBenchmark(
  scale: number,
  names: readonly (keyof typeof apiFigures)[] = ['commands', 'batch', 'eligibility'],
): Promise<Figure[]> {
  const seconds = Math.max(3, Math.round(10 * scale));
  const persons = Math.max(100, Math.round(100_000 * scale));
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-api-'));
  const services: Service[] = [];
  try {
    const questions = await population(directory, persons);
    // Each waits, idle, while the other is measured.
    const bare = await startBareFastify();
    services.push(bare);
    const api = await startLedgerApi(directory, apiKeys);
    services.push(api);
    const results: Figure[] = [];
    for (const name of names) {
      // The projection of what a figure wrote would otherwise run on into the ceiling's and the figure's time.
      await readModelsCaughtUp(api);
      const ceiling = await bareCeiling(bare, seconds);
      results.push(...(await apiFigures[name]({ api, ceiling, seconds, scale, persons, questions })));
    }
    return results;
  } finally {
    for (const service of services) await service.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A bare Fastify route taking the enrolment body, in a process of its own. */
async function bareCeiling(bare: Service, seconds: number): Promise<ApiBenchContext['ceiling']> {
  const { perSecond, p99Ms } = await cannon({
    url: `${bare.url}/command`,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: enrolment,
  });
  return { perSecond, p99Ms };
}
