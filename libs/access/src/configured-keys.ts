import { parseInsurerNumber, type InsurerNumber } from '@ledger/domain';
import { isRole, type Role, roles } from './role';

/** A key an operator hands the service in LEDGER_API_KEYS; the service keeps only its hash. */
export interface ConfiguredKey {
  readonly key: string;
  readonly role: Role;
  readonly insurers?: readonly InsurerNumber[];
}

/** Short keys can be guessed; the ledger's own keys are 43 characters. */
export const minimumKeyLength = 16;

/** What a key is made of: printable ASCII, no space, as `Authorization: Bearer <key>` carries it (RFC 9110). */
export const keyCharacters = '[\\x21-\\x7e]+';
const wholeKey = new RegExp(`^${keyCharacters}$`);

export type KeysParsed =
  { readonly ok: true; readonly keys: readonly ConfiguredKey[] } | { readonly ok: false; readonly reason: string };

/** The scope a key grants: an insurer-clerk needs its insurers, no other role takes any. */
export function checkScope(role: unknown, insurers: unknown): string | undefined {
  if (!isRole(role)) return `role must be one of ${roles.join(', ')}`;
  if (role !== 'insurer-clerk') return insurers === undefined ? undefined : `insurers are only for insurer-clerk`;
  if (!Array.isArray(insurers) || insurers.length === 0) return 'insurer-clerk needs a non-empty insurers array';
  const wrong = insurers.map((insurer) => parseInsurerNumber(insurer)).find((parsed) => !parsed.ok);
  if (wrong && !wrong.ok) return `insurers: ${wrong.reason}`;
  // A list with a repeat is a typo more often than not (one number typed twice for two insurers).
  const repeated = insurers.find((insurer, index) => insurers.indexOf(insurer) !== index) as string | undefined;
  return repeated === undefined ? undefined : `insurers: ${repeated} is listed twice`;
}

/** Parses LEDGER_API_KEYS; the reason never repeats a key, since it ends up in a log. */
export function parseConfiguredKeys(raw: string): KeysParsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'must be a JSON array of { "key", "role", "insurers"? }' };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'must be a JSON array of { "key", "role", "insurers"? }' };
  const keys: ConfiguredKey[] = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    if (typeof entry !== 'object' || entry === null) return { ok: false, reason: `entry ${index} must be an object` };
    const { key, role, insurers, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return { ok: false, reason: `entry ${index}: unknown field ${unknown.join(', ')}` };
    if (typeof key !== 'string' || key.length < minimumKeyLength || !wholeKey.test(key)) {
      return {
        ok: false,
        reason: `entry ${index}: key must be at least ${minimumKeyLength} characters of printable ASCII, no spaces (a header carries nothing else)`,
      };
    }
    const problem = checkScope(role, insurers);
    if (problem) return { ok: false, reason: `entry ${index}: ${problem}` };
    keys.push({ key, role: role as Role, ...(insurers !== undefined && { insurers: insurers as InsurerNumber[] }) });
  }
  return { ok: true, keys };
}
