import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured figure: `ceiling` is the same work done by raw better-sqlite3 in the same run. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly ceiling: number | null;
  readonly ratio: number | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Figures keep three decimals. */
export const round = (n: number): number => Math.round(n * 1000) / 1000;

/** The middle item of `list` by `key`, numbers by themselves (the upper one of an even count). */
export const median = <T>(list: readonly T[], key: (item: T) => number = (item) => item as number): T =>
  [...list].sort((a, b) => key(a) - key(b))[Math.floor(list.length / 2)]!;

export function figure(
  name: string,
  value: number,
  unit: string,
  ceiling: number | null,
  params: Record<string, unknown>,
): Figure {
  return {
    name,
    value: round(value),
    unit,
    ceiling: ceiling === null ? null : round(ceiling),
    ratio: ceiling ? round(value / ceiling) : null,
    params,
  };
}

/** Prints each figure as a JSON line on stdout and keeps them in bench/results/NAME.json. */
export function report(benchmark: string, figures: readonly Figure[]): void {
  for (const each of figures) process.stdout.write(`${JSON.stringify(each)}\n`);
  const directory = join(process.cwd(), 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `${benchmark}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

export const perSecond = (count: number, startedAt: bigint) =>
  count / (Number(process.hrtime.bigint() - startedAt) / 1e9);

/** Samples the resident set size while `work` runs. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, process.memoryUsage.rss())), 20);
  try {
    const result = await work();
    return { result, peakBytes: Math.max(peakBytes, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}
