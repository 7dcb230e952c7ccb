import { type InsurerNumber, type PersonId, shownId } from '../identifiers';

/** One stream per person and insurer; all the person's documents live in it (ARCHITECTURE.md). */
export const insuredPersonStream = (insurerNumber: InsurerNumber, personId: PersonId): string =>
  `insured-${insurerNumber}-${personId}`;

const personStream = /^insured-(\d{6}|\d{8})-([A-Za-z0-9_-]{1,64})$/;

/** Each projection parses every event's stream, and a person's events mostly come together. */
let last: { stream?: string; person?: { readonly insurerNumber: string; readonly personId: string } } = {};

/** The insurer and person a stream `insured-<insurerNumber>-<personId>` belongs to. */
export function parsePersonStream(
  stream: string,
): { readonly insurerNumber: string; readonly personId: string } | undefined {
  if (stream === last.stream) return last.person;
  const match = personStream.exec(stream);
  const person = match ? { insurerNumber: match[1]!, personId: match[2]! } : undefined;
  last = { stream, person };
  return person;
}

/** A stream name as the ledger shows it: a person's stream with its person id shown as `shownId` shows it. */
export function shownStream(stream: string): string {
  const person = parsePersonStream(stream);
  return person ? `insured-${person.insurerNumber}-${shownId(person.personId)}` : shownId(stream);
}
