import { type CalendarDate, type Instant, japanDateOf } from '@ledger/domain';

/** Today as a Japanese calendar date: the day the ledger's users live in, whatever the server's zone. */
export const today = (): CalendarDate => japanDateOf(new Date().toISOString() as Instant);
