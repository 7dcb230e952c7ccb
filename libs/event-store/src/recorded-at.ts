/**
 * The instant an append is recorded at: the clock's, but never before `last`, the latest one the
 * log (or, clustered, the stream) already holds. A clock set back (corrected, or another
 * replica's) would otherwise stamp a later event earlier, and "what the ledger knew at T" (R42)
 * would see it before the events it follows.
 */
export const recordedAtNotBefore = (now: Date, last: string | undefined): string =>
  last !== undefined && Date.parse(last) > now.getTime() ? last : now.toISOString();
