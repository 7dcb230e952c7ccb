import { type InsurerNumber, type PersonId } from '../identifiers';

/** One stream per person and insurer; all the person's documents live in it (ARCHITECTURE.md). */
export const insuredPersonStream = (insurerNumber: InsurerNumber, personId: PersonId): string =>
  `insured-${insurerNumber}-${personId}`;
