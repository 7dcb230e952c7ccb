import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { join } from 'node:path';
import { type Service } from './api-service';

/** What a clinic asks about a person: the numbers on the first enrolment, and the birth date. */
export interface Question {
  readonly insurerNumber: string;
  readonly symbol?: string;
  readonly number: string;
  readonly branch?: string;
  readonly birthDate: string;
}

/**
 * The population every API figure is measured on: each generated person's history appended in one
 * append, 64 persons at a time, into `directory/events.db`. Returns what a clinic would ask of each.
 */
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

/** Resolves once the service's read models have applied the whole log. */
export async function readModelsCaughtUp(api: Service, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await fetch(`${api.url}/health`)
      .then((response) => response.json() as Promise<{ headPosition: number; projectionLagPositions: number }>)
      .catch(() => undefined);
    if (health && health.headPosition > 0 && health.projectionLagPositions === 0) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the read models to catch up');
    await new Promise((wait) => setTimeout(wait, 250));
  }
}
