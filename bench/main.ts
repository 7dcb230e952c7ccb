import { apiBenchmark } from './api.bench';
import { report } from './figure';
import { projectionsBenchmark } from './projections.bench';
import { storeBenchmark } from './store.bench';

/** `npm run bench` runs every benchmark; `npm run bench -- store` one. BENCH_SCALE shrinks or grows the work. */
const benchmarks: Record<string, (scale: number) => Promise<Parameters<typeof report>[1]>> = {
  store: storeBenchmark,
  projections: projectionsBenchmark,
  api: (scale) => apiBenchmark(scale),
  'api-commands': (scale) => apiBenchmark(scale, ['commands']),
  'api-batch': (scale) => apiBenchmark(scale, ['batch']),
  'api-eligibility': (scale) => apiBenchmark(scale, ['eligibility']),
};

async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`);
    process.exit(2);
  }
  // `api` already runs each of its figures; `api-<figure>` is there to run one alone.
  const everything = Object.keys(benchmarks).filter((name) => !name.startsWith('api-'));
  for (const name of asked.length > 0 ? asked : everything) {
    report(name, await benchmarks[name]!(scale));
  }
}

void main();
