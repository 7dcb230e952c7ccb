import { type InsurerNumber, isInsurerNumber, type MedicalInstitutionCode } from '../identifiers';
import { parsePersonStream } from '../insured-person/stream';
import { isRecord } from '../shared/is-record';

/** The streams of checks that matched no single person: each clinic has its own (R40). */
export const unmatchedChecksPrefix = 'eligibility-checks-';
export const unmatchedChecksStream = (code: MedicalInstitutionCode): string => `${unmatchedChecksPrefix}${code}`;

/** Every export of restricted persons' data of one insurer, with who asked and why (R31, R40). */
export const restrictedExportsStream = (insurerNumber: InsurerNumber): string => `restricted-exports-${insurerNumber}`;

const unmatchedChecks = /^eligibility-checks-\d{10}$/;
const restrictedExports = /^restricted-exports-(\d{6}|\d{8})$/;

/** Whose audit trail an event is in: a person's, or only its insurer's when no person's stream holds it. */
export interface AuditSubject {
  readonly insurerNumber: string;
  readonly personId: string | null;
}

/**
 * The audit trail an event belongs to (R40): the person's of a person's stream; the insurer's for
 * a restricted-data export and for a check that matched no single person, which names the insurer
 * it asked about. Undefined for anything else, such as an unmatched check recorded before checks
 * named their insurer.
 */
export function auditSubjectOf(stream: string, data: unknown): AuditSubject | undefined {
  const person = parsePersonStream(stream);
  if (person) return person;
  const exported = restrictedExports.exec(stream);
  if (exported) return { insurerNumber: exported[1]!, personId: null };
  if (!unmatchedChecks.test(stream) || !isRecord(data) || !isInsurerNumber(data.insurerNumber)) return undefined;
  return { insurerNumber: data.insurerNumber, personId: null };
}
