import { isWrittenMyNumber, redacted } from './my-number';

/**
 * A stored local id as the ledger shows it. Ids are refused as a My Number when written
 * (`parseLocalId`), but a log written before that check, or by another writer, may hold one: it is
 * then shown as `[redacted]`, whole, so no answer, export or log line repeats it (DOMAIN.md §3.3).
 */
export const shownId = (id: string): string => (isWrittenMyNumber(id) ? redacted : id);
