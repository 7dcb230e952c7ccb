import { type DocumentId, type InsuredPersonState, type IssuedDocument } from '@ledger/domain';

/** The folded state of a person as JSON: the documents map travels as a list. */
export function encodePersonState(state: InsuredPersonState): string {
  return JSON.stringify({ ...state, documents: [...state.documents.values()] });
}

export function decodePersonState(json: string): InsuredPersonState {
  const decoded = JSON.parse(json) as Omit<InsuredPersonState, 'documents'> & { documents: IssuedDocument[] };
  return {
    ...decoded,
    documents: new Map<DocumentId, IssuedDocument>(
      decoded.documents.map((document) => [document.documentId, document]),
    ),
  };
}
