import {
  type InsurerNumber,
  isInsurerNumber,
  isMedicalInstitutionCode,
  type MedicalInstitutionCode,
} from '../identifiers';
import { parsePersonStream } from '../insured-person/stream';
import { isRecord } from '../shared/is-record';

/** The streams of checks that read nobody's record: each clinic has its own (R40). */
export const unmatchedChecksPrefix = 'eligibility-checks-';
export const unmatchedChecksStream = (code: MedicalInstitutionCode): string => `${unmatchedChecksPrefix}${code}`;

const restrictedExportsPrefix = 'restricted-exports-';
/** Every export of restricted persons' data of one insurer, with who asked and why (R31, R40). */
export const restrictedExportsStream = (insurerNumber: InsurerNumber): string =>
  `${restrictedExportsPrefix}${insurerNumber}`;

/** What follows `prefix` in `stream`, or undefined for a stream of another kind. */
const afterPrefix = (stream: string, prefix: string): string | undefined =>
  stream.startsWith(prefix) ? stream.slice(prefix.length) : undefined;

/** Whose audit trail an event is in: a person's, or only its insurer's when no person's stream holds it. */
export interface AuditSubject {
  readonly insurerNumber: string;
  readonly personId: string | null;
}

/**
 * The audit trail an event belongs to (R40): the person's of a person's stream; the insurer's for
 * a restricted-data export and for a check that read nobody's record, which names the insurer
 * it asked about. Undefined for anything else, such as an unmatched check recorded before checks
 * named their insurer.
 */
export function auditSubjectOf(stream: string, data: unknown): AuditSubject | undefined {
  const person = parsePersonStream(stream);
  if (person) return person;
  const exportsOf = afterPrefix(stream, restrictedExportsPrefix);
  if (exportsOf !== undefined)
    return isInsurerNumber(exportsOf) ? { insurerNumber: exportsOf, personId: null } : undefined;
  const clinic = afterPrefix(stream, unmatchedChecksPrefix);
  if (!isMedicalInstitutionCode(clinic) || !isRecord(data) || !isInsurerNumber(data.insurerNumber)) return undefined;
  return { insurerNumber: data.insurerNumber, personId: null };
}
