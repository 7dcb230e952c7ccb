import type Database from 'better-sqlite3';
import {
  type CalendarDate,
  documentsDue,
  documentsOfType,
  type InsuredPersonState,
  isCoveredOn,
  type LedgerPolicy,
  legacyCardStopsOn,
  type Obligation,
  validDocumentsOn,
} from '@ledger/domain';
import { decodePersonState } from '../qualification/person-state-codec';

export interface CertificateDue extends Obligation {
  readonly personId: string;
}

export interface LegacyCardLapse {
  readonly personId: string;
  readonly documentId: string;
  /** First day the card no longer counts (R11 cap, R12 loss or change). */
  readonly stopsOn: CalendarDate;
}

function* statesOf(
  db: Database.Database,
  insurerNumber: string,
): Iterable<{ personId: string; state: InsuredPersonState }> {
  const rows = db
    .prepare<[string], { personId: string; state: string }>(
      'SELECT person_id AS personId, state FROM person_states WHERE insurer_number = ? ORDER BY person_id',
    )
    .iterate(insurerNumber);
  for (const row of rows) yield { personId: row.personId, state: decodePersonState(row.state) };
}

/** Who must have received an eligibility certificate by a date, and by which rule (R20-R23, R37). */
export function* certificatesDue(
  db: Database.Database,
  insurerNumber: string,
  on: CalendarDate,
  policy: LedgerPolicy,
): Iterable<CertificateDue> {
  for (const { personId, state } of statesOf(db, insurerNumber)) {
    for (const obligation of documentsDue(state, on, policy)) {
      if (obligation.documentType === 'eligibility-certificate') yield { ...obligation, personId };
    }
  }
}

/**
 * Whose legacy cards stop counting within [from, to], while the person is still covered then (R11,
 * R12). A card that another one follows on the day it stops (a reissue, a renewal, one replacing a
 * card reported lost) lapses for no one: the person holds the new one.
 */
export function* legacyCardsLapsing(
  db: Database.Database,
  insurerNumber: string,
  from: CalendarDate,
  to: CalendarDate,
  policy: LedgerPolicy,
): Iterable<LegacyCardLapse> {
  for (const { personId, state } of statesOf(db, insurerNumber)) {
    for (const card of documentsOfType(state, 'legacy-card')) {
      const stopsOn = legacyCardStopsOn(state, card, policy);
      if (stopsOn === undefined || stopsOn < from || stopsOn > to || !isCoveredOn(state, stopsOn)) continue;
      const followed = validDocumentsOn(state, 'legacy-card', stopsOn, policy).some(
        (other) => other.documentId !== card.documentId,
      );
      if (!followed) {
        yield { personId, documentId: card.documentId, stopsOn };
      }
    }
  }
}
