import type Database from 'better-sqlite3';
import { parsePersonStream } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store/embedded';
import { type Projection } from '../projection';
import { type RowWrites, type WriteStatements } from '../writes/row-writes';

const documentStreamWrite = 'document-index.stream';

/** Which person's stream holds a document: `GET /v1/documents/{documentId}` has no person in its path. */
export class DocumentIndexProjection implements Projection {
  readonly name = 'document-index';
  readonly eventTypes: ReadonlySet<string> = new Set(['DocumentIssued']);
  readonly writeStatements: WriteStatements = {
    [documentStreamWrite]: { insert: 'INSERT OR IGNORE INTO document_streams (document_id, stream)', columns: 2 },
  };

  migrate(db: Database.Database): void {
    db.exec(
      'CREATE TABLE IF NOT EXISTS document_streams (document_id TEXT NOT NULL, stream TEXT NOT NULL, PRIMARY KEY (document_id, stream)) WITHOUT ROWID',
    );
  }

  apply(event: RecordedEvent, writes: RowWrites): void {
    const { documentId } = event.data as { documentId?: unknown };
    if (typeof documentId === 'string' && parsePersonStream(event.stream)) {
      writes.rowsOf(documentStreamWrite).push(documentId, event.stream);
    }
  }
}

/** Document ids are the insurer's own: two persons' streams may hold the same one. */
export function streamsHoldingDocument(db: Database.Database, documentId: string): string[] {
  return db
    .prepare<[string], { stream: string }>('SELECT stream FROM document_streams WHERE document_id = ? ORDER BY stream')
    .all(documentId)
    .map((row) => row.stream);
}
