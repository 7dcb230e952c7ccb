import type Database from 'better-sqlite3';
import { auditSubjectOf } from '@ledger/domain';
import { canonicalJson, chainKeys, type RecordedEvent } from '@ledger/event-store/embedded';
import { type Projection } from '../projection';
import { type RowWrites, type WriteStatements } from '../writes/row-writes';
import { personEventTypes } from '../person-stream';

/** The data field that carries each event's effective date (DOMAIN.md §4). */
const effectiveDateFields = [
  'acquiredOn',
  'lostOn',
  'effectiveOn',
  'registeredOn',
  'requestedOn',
  'filedOn',
  'liftedOn',
  'recognizedOn',
  'endedOn',
  'issuedOn',
  'deliveredOn',
  'returnedOn',
  'reportedOn',
  'revokedOn',
  'confirmationDate',
  'lookedUpOn',
];

/** The events of the audit trail: a person's, and the insurer's own records of checks and exports (R40). */
export const auditedEventTypes: ReadonlySet<string> = new Set([...personEventTypes, 'RestrictedDataExported']);

/** One row of an audit trail as read: who, how, on whose behalf, when (R40), with the event's hash (R41). */
export interface AuditEntry {
  readonly position: number;
  /** The event's id: a correction names the event it corrects by it (`correctedEventId`). */
  readonly eventId: string;
  readonly stream: string;
  readonly insurerNumber: string;
  /** Null for the insurer's records in no person's stream: a check that found nobody under the numbers, a restricted-data export. */
  readonly personId: string | null;
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly effectiveOn: string | null;
  /** As the event's metadata names it: the API's `{ keyId, role, insurerNumber }`, the CLI's name. */
  readonly actor: unknown;
  readonly channel: string | null;
  readonly applicant: string | null;
  readonly identityChecked: boolean | null;
  readonly powerOfAttorney: boolean | null;
  readonly onBehalfOf: string | null;
  /** For an eligibility check: the clinic that asked, whose check a restricted person's history holds (R31), and its answer. */
  readonly medicalInstitutionCode: string | null;
  readonly validity: number | null;
  readonly hash: string;
}

/** The row as stored: the actor as canonical JSON, the flags as SQLite's 1 and 0. */
export type StoredAuditEntry = Omit<AuditEntry, 'actor' | 'identityChecked' | 'powerOfAttorney'> & {
  readonly actor: string | null;
  readonly identityChecked: number | null;
  readonly powerOfAttorney: number | null;
};

export const auditColumns = `position, event_id AS eventId, stream, insurer_number AS insurerNumber, person_id AS personId, revision, type, recorded_at AS recordedAt,
  effective_on AS effectiveOn, actor, channel, applicant, identity_checked AS identityChecked, power_of_attorney AS powerOfAttorney,
  on_behalf_of AS onBehalfOf, medical_institution_code AS medicalInstitutionCode, validity, hash`;

const storedFlag = (value: number | null): boolean | null => (value === null ? null : value === 1);

/** A stored row as answered: the actor as the event named it, the flags as booleans. */
export const auditEntryOf = (row: StoredAuditEntry): AuditEntry => ({
  ...row,
  actor: row.actor === null ? null : JSON.parse(row.actor),
  identityChecked: storedFlag(row.identityChecked),
  powerOfAttorney: storedFlag(row.powerOfAttorney),
});

/** Canonical, so a row reads the same whichever store the event came from and in whatever key order. */
const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : canonicalJson(value)!;
/** Any actor, a name or a structure, as canonical JSON: read back as it was, whatever its kind. */
const json = (value: unknown): string | null => (value === undefined || value === null ? null : canonicalJson(value)!);
const flag = (value: unknown): number | null => (typeof value === 'boolean' ? Number(value) : null);

/**
 * One row per event of a person's stream (R40), and per check or restricted-data export an insurer
 * keeps in no person's stream: who, how, on whose behalf, when recorded and when effective (for a
 * check, the clinic and the validity answered), with the event's hash so an auditor can check a row
 * against the chain (R41).
 */
export class AuditTrailProjection implements Projection {
  readonly name = 'audit-trail';
  readonly eventTypes = auditedEventTypes;
  readonly writeStatements: WriteStatements = {
    [auditEntryWrite]: {
      insert: `INSERT OR IGNORE INTO audit_trail (position, event_id, stream, insurer_number, person_id, revision, type,
        recorded_at, effective_on, actor, channel, applicant, identity_checked, power_of_attorney, on_behalf_of,
        medical_institution_code, validity, hash)`,
      columns: 18,
    },
  };

  migrate(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_trail (
        position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, insurer_number TEXT NOT NULL, person_id TEXT,
        revision INTEGER NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL, effective_on TEXT,
        actor TEXT, channel TEXT, applicant TEXT, identity_checked INTEGER, power_of_attorney INTEGER, on_behalf_of TEXT,
        medical_institution_code TEXT, validity INTEGER, hash TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_trail_by_person ON audit_trail (stream, position);
      CREATE INDEX IF NOT EXISTS audit_trail_by_insurer ON audit_trail (insurer_number, recorded_at);
    `);
  }

  apply(event: RecordedEvent, writes: RowWrites): void {
    const subject = auditSubjectOf(event.stream, event.data);
    if (!subject) return;
    const data = (event.data ?? {}) as Record<string, unknown>;
    const { metadata } = event;
    const effectiveField = effectiveDateFields.find((field) => typeof data[field] === 'string');
    writes
      .rowsOf(auditEntryWrite)
      .push(
        event.position,
        event.id,
        event.stream,
        subject.insurerNumber,
        subject.personId,
        event.revision,
        event.type,
        event.recordedAt,
        effectiveField ? data[effectiveField] : null,
        json(metadata.actor),
        text(metadata.channel),
        text(data.applicant ?? metadata.applicant),
        flag(data.identityDocumentChecked ?? metadata.identityChecked),
        flag(data.powerOfAttorney ?? metadata.powerOfAttorney),
        text(metadata.onBehalfOf),
        text(data.medicalInstitutionCode),
        typeof data.validity === 'number' ? data.validity : null,
        metadata[chainKeys.hash],
      );
  }
}

const auditEntryWrite = 'audit-trail.entry';

/** A person's audit trail in log order, streamed row by row. */
export function* auditTrailOf(db: Database.Database, stream: string): Iterable<AuditEntry> {
  for (const row of db
    .prepare<[string], StoredAuditEntry>(`SELECT ${auditColumns} FROM audit_trail WHERE stream = ? ORDER BY position`)
    .iterate(stream)) {
    yield auditEntryOf(row);
  }
}
