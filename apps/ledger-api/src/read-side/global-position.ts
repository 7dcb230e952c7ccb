/**
 * Whether a text is a global position as the API takes one (Ledger-Min-Position, Last-Event-ID,
 * `after`): a whole number, 0 or more, of at most 15 digits, so that it is exact as a JS number.
 */
export const isGlobalPosition = (text: string): boolean => /^\d{1,15}$/.test(text);

/** The largest position of 15 digits. */
export const maxGlobalPosition = '999999999999999';
