import type Database from 'better-sqlite3';
import { withoutProtectedData } from '@ledger/access/viewing-restriction';
import { accessRecordTypes } from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store';

export interface WithheldData {
  /** Restricted persons whose state is in the file, with their addresses left out. */
  readonly persons: number;
  /** Their eligibility checks and lookups left out of the audit trail. */
  readonly accessRows: number;
}

/**
 * R31 in a replay file, which leaves the ledger: a person who ever had a viewing restriction filed
 * keeps neither address nor access history in it, as in `ledger audit export` without
 * `--include-restricted`. A restriction filed after the instant counts too: it protects what was
 * known before it.
 */
export function withholdProtectedData(db: Database.Database, restrictedStreams: ReadonlySet<string>): WithheldData {
  const stateOf = db.prepare<[string], string>('SELECT state FROM person_states WHERE stream = ?').pluck();
  const replaceState = db.prepare('UPDATE person_states SET state = ? WHERE stream = ?');
  const types = [...accessRecordTypes];
  const removeAccessRows = db.prepare(
    `DELETE FROM audit_trail WHERE stream = ? AND type IN (${types.map(() => '?').join(', ')})`,
  );
  let persons = 0;
  let accessRows = 0;
  db.transaction(() => {
    for (const stream of restrictedStreams) {
      const state = stateOf.get(stream);
      if (state !== undefined) {
        // As the state codec writes it: canonical JSON.
        replaceState.run(canonicalJson(withoutProtectedData(JSON.parse(state) as unknown)), stream);
        persons += 1;
      }
      accessRows += removeAccessRows.run(stream, ...types).changes;
    }
  })();
  return { persons, accessRows };
}
