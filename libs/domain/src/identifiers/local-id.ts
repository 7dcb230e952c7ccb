import { accepted, type Parsed, rejected } from '../shared/parsed';
import { isWrittenMyNumber } from './my-number';

// A local id names an event stream, so its syntax stays narrow enough for any store and URL.
const localId = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A local id names a stream, a URL and a read-model key for good, so a My Number is refused as
 * one: it would become the lookup key DOMAIN.md §3.3 forbids, in every answer, log and export.
 * An insurer whose own ids are 12 digits meets this for about one in ten of them.
 */
export const parseLocalId =
  <T>(field: string) =>
  (raw: unknown): Parsed<T> => {
    if (typeof raw !== 'string' || !localId.test(raw)) {
      return rejected(`${field} must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -`);
    }
    if (isWrittenMyNumber(raw)) {
      return rejected(`${field} must not be a My Number (DOMAIN.md §3.3): use the insurer's own id`);
    }
    return accepted(raw as T);
  };
