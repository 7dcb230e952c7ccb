import type Database from 'better-sqlite3';
import { type Instant } from '@ledger/domain';
import { type EventStore, type RecordedEvent } from '@ledger/event-store';
import { KnownAt, Projector, readModelProjections, readModelsProjector } from '@ledger/projections';
import { type WithheldData, withholdProtectedData } from './replay-protected-data';
import { MyNumberIdPseudonyms } from './replay-pseudonyms';

export interface Replay {
  readonly eventsApplied: number;
  /** The log position of the last event applied: the read models' checkpoint. */
  readonly checkpoint: number;
  readonly withheld: WithheldData;
  /** Persons and documents in the file whose id in the log is a My Number, shown by a pseudonym. */
  readonly pseudonymised: { readonly persons: number; readonly documents: number };
}

/**
 * Builds the read models as the ledger knew them at `knownAt` (R42): every event it knew then
 * (`KnownAt`), in log order, through the same projections as the live read models, with
 * restricted persons' protected data withheld (R31) and ids that are a My Number replaced by
 * pseudonyms (§3.3). The file also says what it is, in a `replay` table, so a copy passed around
 * keeps its meaning.
 */
export async function replayAsKnownAt(
  store: EventStore,
  db: Database.Database,
  knownAt: Instant,
  onProgress: (eventsApplied: number) => void = () => undefined,
): Promise<Replay> {
  const known = new KnownAt(knownAt);
  const projector = new Projector(store, db, readModelProjections(), { name: readModelsProjector });
  let eventsApplied = 0;
  let batch: RecordedEvent[] = [];
  const restricted = new Set<string>();
  // Every event of the log, applied or not, so that a stream has one name however its events fall around the instant.
  const pseudonyms = new MyNumberIdPseudonyms();
  const apply = (): void => {
    projector.apply(batch);
    eventsApplied += batch.length;
    batch = [];
    onProgress(eventsApplied);
  };
  for await (const recorded of store.readAll()) {
    const event = pseudonyms.of(recorded);
    if (event.type === 'ViewingRestrictionFiled') restricted.add(event.stream);
    if (!known.knows(event)) continue;
    batch.push(event);
    if (batch.length >= 1000) apply();
  }
  apply();
  const { failure } = await projector.status();
  if (failure) throw new Error(`replay stopped: ${failure}`);
  const withheld = withholdProtectedData(db, restricted);
  const pseudonymised = pseudonymsInFile(db, pseudonyms.given());
  db.exec(`CREATE TABLE replay (known_at TEXT NOT NULL, events_applied INTEGER NOT NULL, checkpoint INTEGER NOT NULL,
    restricted_persons_withheld INTEGER NOT NULL, access_rows_withheld INTEGER NOT NULL,
    persons_pseudonymised INTEGER NOT NULL, documents_pseudonymised INTEGER NOT NULL)`);
  db.prepare('INSERT INTO replay VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    knownAt,
    eventsApplied,
    projector.checkpoint,
    withheld.persons,
    withheld.accessRows,
    pseudonymised.persons,
    pseudonymised.documents,
  );
  return { eventsApplied, checkpoint: projector.checkpoint, withheld, pseudonymised };
}

/** Counted in the file: a pseudonym given to an event after the instant names nothing in it. */
function pseudonymsInFile(db: Database.Database, given: readonly string[]): Replay['pseudonymised'] {
  const count = (sql: string) => db.prepare<[string], number>(sql).pluck().get(JSON.stringify(given))!;
  return {
    persons: count('SELECT count(*) FROM person_states WHERE person_id IN (SELECT value FROM json_each(?))'),
    documents: count(
      'SELECT count(DISTINCT document_id) FROM document_streams WHERE document_id IN (SELECT value FROM json_each(?))',
    ),
  };
}
