import { isMyNumber, redacted } from './my-number';

/**
 * A stored local id as the ledger shows it. Ids are refused as a My Number when written
 * (`parseLocalId`), but a log written before that check, or by another writer, may hold one: it is
 * then shown as `[redacted]`, whole, so no answer, export or log line repeats it (DOMAIN.md §3.3).
 */
export const shownId = (id: string): string => (isMyNumber(id) ? redacted : id);

const personStreamParts = /^(insured-(?:\d{6}|\d{8})-)(.+)$/;

/** A stream name as the ledger shows it: a person's stream with its person id shown as `shownId` shows it. */
export function shownStream(stream: string): string {
  const parts = personStreamParts.exec(stream);
  return parts ? `${parts[1]}${shownId(parts[2]!)}` : shownId(stream);
}
