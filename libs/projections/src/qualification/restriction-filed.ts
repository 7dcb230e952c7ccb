import type Database from 'better-sqlite3';
import { hadViewingRestriction, initialState } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store/embedded';
import { checkpointColumn } from '../checkpoints';
import { withUnappliedEvents } from '../unapplied-events';
import { decodePersonState } from './person-state-codec';

/** Prepared once per connection: a feed asks it for every event it sends an auditor. */
const statements = new WeakMap<
  Database.Database,
  Database.Statement<[string, string], { state: string | null; checkpoint: number }>
>();

/**
 * Whether a viewing restriction was ever filed for the person of a stream, as the log says now
 * (R31): the read model's state with the stream's events after the projector's checkpoint folded
 * in. What is sent from the read models (a feed, an export) may be older than a filing the
 * projector has not reached yet; the filing protects it already. State and checkpoint come from one
 * statement, one snapshot.
 */
export async function restrictionEverFiled(
  store: EventStore,
  db: Database.Database,
  stream: string,
  projector: string,
): Promise<boolean> {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare<[string, string], { state: string | null; checkpoint: number }>(
      `SELECT ${checkpointColumn} AS checkpoint, (SELECT state FROM person_states WHERE stream = ?) AS state`,
    );
    statements.set(db, statement);
  }
  const { state, checkpoint } = statement.get(projector, stream)!;
  const known = state === null ? initialState : decodePersonState(state);
  return hadViewingRestriction(await withUnappliedEvents(store, stream, known, checkpoint));
}
