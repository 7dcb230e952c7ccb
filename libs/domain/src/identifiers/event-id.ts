import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';

/** The id a store gave an event (a UUID): a correction names the event it corrects by it. */
export type EventId = Brand<string, 'EventId'>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Stores write ids in lower case, so an id in upper case is taken as the same event. */
export function parseEventId(raw: unknown): Parsed<EventId> {
  if (typeof raw !== 'string' || !uuid.test(raw.toLowerCase())) {
    return rejected('must be the id of an event: a UUID such as 0190a5b4-3c1e-7000-8000-000000000001');
  }
  return accepted(raw.toLowerCase() as EventId);
}
