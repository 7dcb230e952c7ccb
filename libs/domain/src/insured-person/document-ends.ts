import { type CalendarDate } from '../calendar';
import { type DocumentEnd, type IssuedDocument } from './state';

/**
 * A document ends at the earliest end reported: a loss or a change reported late, dated before an
 * end already recorded, ends it from that date (R12, R26).
 */
export const earliestEnd = (recorded: DocumentEnd | undefined, reported: DocumentEnd): DocumentEnd =>
  recorded === undefined || reported.on < recorded.on ? reported : recorded;

/** Every end is kept, so that a corrected loss can move its own and let an earlier one come first. */
export const withEnd = (document: IssuedDocument, reported: DocumentEnd): Pick<IssuedDocument, 'end' | 'ends'> => ({
  end: earliestEnd(document.end, reported),
  ends: [...(document.ends ?? []), reported],
});

/** The revocation a loss on `lostOn` brought with it (R12): the end a correction of that loss moves. */
export const isEndOfLossOn = (end: DocumentEnd, lostOn: CalendarDate | undefined): boolean =>
  end.reason === 'qualification-lost' && end.on === lostOn;

export const revokedByLossOn = (document: IssuedDocument, lostOn: CalendarDate | undefined): boolean =>
  document.ends?.some((end) => isEndOfLossOn(end, lostOn)) ?? false;
