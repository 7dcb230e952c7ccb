import { type RunningApi } from './ledger-processes';
import { call, testInsurer, testKeys } from './keys';

export const personPath = (personId: string, insurerNumber = testInsurer) =>
  `/v1/insurers/${insurerNumber}/persons/${personId}`;

export const enrolmentBody = {
  number: '1234567',
  relationship: 'insured',
  acquiredOn: '2024-04-01',
  burdenRatio: 30,
  birthDate: '1980-05-10',
  name: '山田 太郎',
  address: '東京都千代田区千代田1-1',
};

export interface CommandAnswer {
  readonly events: readonly {
    readonly type: string;
    readonly revision: number;
    readonly data: Record<string, unknown>;
  }[];
  readonly revision: number;
  readonly position: number;
  readonly documentId?: string;
}

export interface Problem {
  readonly status: number;
  readonly detail: string;
  readonly rule?: string;
  readonly code?: string;
  readonly errors?: readonly string[];
}

let sequence = 0;
export const freshKey = (): string => `e2e-${process.pid}-${(sequence += 1)}`;

/** Sends one command as the test insurer's clerk, with a fresh Idempotency-Key unless one is given. */
export function command(
  api: RunningApi,
  method: 'POST' | 'DELETE',
  path: string,
  body: unknown,
  options: { key?: string; idempotencyKey?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const idempotencyKey = options.idempotencyKey === undefined ? freshKey() : options.idempotencyKey;
  return call(api, method, path, {
    key: options.key ?? testKeys.clerk,
    body,
    headers: { ...(idempotencyKey !== null && { 'idempotency-key': idempotencyKey }), ...options.headers },
  });
}

/** The store's head position, read from /health: "nothing written" means it did not move. */
export async function headPosition(api: RunningApi): Promise<number> {
  const health = (await (await fetch(`${api.url}/health`)).json()) as { headPosition?: unknown };
  // /health leaves the head out when the store is slow to answer: two missing heads would compare equal.
  if (typeof health.headPosition !== 'number')
    throw new Error(`/health gave no head position: ${JSON.stringify(health)}`);
  return health.headPosition;
}
