import {
  type InsurerNumber,
  type MedicalInstitutionCode,
  parseInsurerNumber,
  parseMedicalInstitutionCode,
  type Parsed,
} from '@ledger/domain';
import { scopeOf } from './key-scope';
import { isRole, type Role, roles } from './role';

/** A key an operator hands the service in LEDGER_API_KEYS; the service keeps only its hash. */
export interface ConfiguredKey {
  readonly key: string;
  readonly role: Role;
  readonly insurers?: readonly InsurerNumber[];
  readonly medicalInstitutions?: readonly MedicalInstitutionCode[];
}

/** Short keys can be guessed; the ledger's own keys are 46 characters (`lk_` and 32 random bytes). */
export const minimumKeyLength = 16;

/** What a key is made of: printable ASCII, no space, as `Authorization: Bearer <key>` carries it (RFC 9110). */
export const keyCharacters = '[\\x21-\\x7e]+';
const wholeKey = new RegExp(`^${keyCharacters}$`);

export type KeysParsed =
  { readonly ok: true; readonly keys: readonly ConfiguredKey[] } | { readonly ok: false; readonly reason: string };

/** What a key's scope is made of, as given: checked by `checkScope` before any key is made. */
export interface GivenScope {
  readonly role: unknown;
  readonly insurers?: unknown;
  readonly medicalInstitutions?: unknown;
}

/**
 * What is wrong with a scope: the field at fault, and why, without naming it: each caller names it
 * its own way (`insurers: ...` in an API answer and LEDGER_API_KEYS, `--insurer: ...` in the CLI).
 */
export interface ScopeProblem {
  readonly field: 'role' | 'insurers' | 'medicalInstitutions';
  readonly reason: string;
}

/** Each element a valid identifier, none twice: a repeat is a typo more often than not (one number typed twice for two). */
function listProblem(field: ScopeProblem['field'], list: readonly unknown[], parse: (raw: unknown) => Parsed<unknown>) {
  const wrong = list.map((element) => parse(element)).find((parsed) => !parsed.ok);
  if (wrong && !wrong.ok) return { field, reason: wrong.reason };
  const repeated = list.find((element, index) => list.indexOf(element) !== index) as string | undefined;
  return repeated === undefined ? undefined : { field, reason: `${repeated} is listed twice` };
}

/**
 * The scope a key grants: an insurer-clerk needs its insurers, and a medical-institution key may
 * name the institutions it checks as (without them, it checks as any: a gateway relaying many
 * clinics). No other role takes either.
 */
export function checkScope({ role, insurers, medicalInstitutions }: GivenScope): ScopeProblem | undefined {
  if (!isRole(role)) return { field: 'role', reason: `must be one of ${roles.join(', ')}` };
  if (medicalInstitutions !== undefined) {
    if (role !== 'medical-institution') {
      return { field: 'medicalInstitutions', reason: 'only a medical-institution key takes them' };
    }
    if (!Array.isArray(medicalInstitutions) || medicalInstitutions.length === 0) {
      return { field: 'medicalInstitutions', reason: 'must be a non-empty array when given' };
    }
    const problem = listProblem('medicalInstitutions', medicalInstitutions, parseMedicalInstitutionCode);
    if (problem) return problem;
  }
  if (role !== 'insurer-clerk') {
    return insurers === undefined ? undefined : { field: 'insurers', reason: 'only an insurer-clerk key takes them' };
  }
  if (!Array.isArray(insurers) || insurers.length === 0) {
    return { field: 'insurers', reason: 'an insurer-clerk key needs at least one' };
  }
  return listProblem('insurers', insurers, parseInsurerNumber);
}

const configuredShape = 'must be a JSON array of { "key", "role", "insurers"?, "medicalInstitutions"? }';

/** Parses LEDGER_API_KEYS; the reason never repeats a key, since it ends up in a log. */
export function parseConfiguredKeys(raw: string): KeysParsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: configuredShape };
  }
  if (!Array.isArray(value)) return { ok: false, reason: configuredShape };
  const keys: ConfiguredKey[] = [];
  const listedAt = new Map<string, number>();
  for (const [index, entry] of (value as unknown[]).entries()) {
    if (typeof entry !== 'object' || entry === null) return { ok: false, reason: `entry ${index} must be an object` };
    const { key, role, insurers, medicalInstitutions, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return { ok: false, reason: `entry ${index}: unknown field ${unknown.join(', ')}` };
    if (typeof key !== 'string' || key.length < minimumKeyLength || !wholeKey.test(key)) {
      return {
        ok: false,
        reason: `entry ${index}: key must be at least ${minimumKeyLength} characters of printable ASCII, no spaces (a header carries nothing else)`,
      };
    }
    // One key, one role and scope: taking either entry's would grant what the other did not say.
    const first = listedAt.get(key);
    if (first !== undefined) {
      return { ok: false, reason: `entries ${first} and ${index} hold the same key: list it once` };
    }
    listedAt.set(key, index);
    const problem = checkScope({ role, insurers, medicalInstitutions });
    if (problem) return { ok: false, reason: `entry ${index}: ${problem.field}: ${problem.reason}` };
    keys.push({
      key,
      ...scopeOf(
        role as Role,
        insurers as InsurerNumber[] | undefined,
        medicalInstitutions as MedicalInstitutionCode[] | undefined,
      ),
    });
  }
  return { ok: true, keys };
}
