import { type CalendarDate } from '../calendar';
import { type DocumentRevoked, event, type RevocationReason } from './events';
import { type IssuedDocument } from './state';

/** The revocations that another fact brings with it (a loss, a change of details, a newer certificate). */
export const revocations = (
  documents: readonly Pick<IssuedDocument, 'documentId'>[],
  revokedOn: CalendarDate,
  reason: RevocationReason,
): DocumentRevoked[] => documents.map(({ documentId }) => event('DocumentRevoked', { documentId, revokedOn, reason }));
