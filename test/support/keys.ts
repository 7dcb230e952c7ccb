import { type RunningApi } from './ledger-processes';

/** Keys given to the service through LEDGER_API_KEYS in tests, one per role. */
export const testKeys = {
  clerk: 'test-clerk-key-123455-only',
  otherClerk: 'test-clerk-key-for-33120015',
  auditor: 'test-auditor-key-0123456789',
  medical: 'test-medical-key-0123456789',
  subscriber: 'test-subscriber-key-012345',
  admin: 'test-admin-key-0123456789',
} as const;

export const testInsurer = '123455';
export const otherInsurer = '33120015';

export const testKeysVariable = JSON.stringify([
  { key: testKeys.clerk, role: 'insurer-clerk', insurers: [testInsurer] },
  { key: testKeys.otherClerk, role: 'insurer-clerk', insurers: [otherInsurer] },
  { key: testKeys.auditor, role: 'auditor' },
  { key: testKeys.medical, role: 'medical-institution' },
  { key: testKeys.subscriber, role: 'subscriber' },
  { key: testKeys.admin, role: 'admin' },
]);

export type KeyName = keyof typeof testKeys;

/** fetch with a bearer key and JSON; `undefined` key sends no Authorization header. */
export function call(
  api: RunningApi,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return fetch(`${api.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
}
