import { type DocumentId, type InsuredPersonState, type IssuedDocument } from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store/embedded';

/**
 * The folded state of a person as canonical JSON (RFC 8785, sorted keys): the same state gives the
 * same text whichever way it was reached, which is what lets a rebuild be compared with the live
 * read model byte for byte. The documents map travels as a list.
 */
export function encodePersonState(state: InsuredPersonState): string {
  return canonicalJson(storedPersonState(state))!;
}

function storedPersonState(state: InsuredPersonState): unknown {
  return { ...state, documents: [...state.documents.values()] };
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
