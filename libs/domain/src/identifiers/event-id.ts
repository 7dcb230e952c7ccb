import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';

/** The id a store gave an event (a UUID): a correction names the event it corrects by it. */
export type EventId = Brand<string, 'EventId'>;

/** As the stores write and the ledger answers them: lower case, so that one event has one spelling. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseEventId(raw: unknown): Parsed<EventId> {
  if (typeof raw !== 'string' || !uuid.test(raw)) {
    return rejected('must be the id of an event as the ledger answers it: a UUID in lower case');
  }
  return accepted(raw as EventId);
}
