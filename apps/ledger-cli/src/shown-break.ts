import { shownStream } from '@ledger/domain';
import { type ChainBreak } from '@ledger/event-store';

/**
 * A broken link as the CLI prints it: a stream named by a My Number (a log from before ids were
 * checked) is not repeated, and its log position still locates it.
 */
export const shownBreak = (chainBreak: ChainBreak | undefined): ChainBreak | undefined =>
  chainBreak && { ...chainBreak, stream: shownStream(chainBreak.stream) };
