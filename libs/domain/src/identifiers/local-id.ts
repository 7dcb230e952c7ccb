import { accepted, type Parsed, rejected } from '../shared/parsed';

// A local id names an event stream, so its syntax stays narrow enough for any store and URL.
const localId = /^[A-Za-z0-9_-]{1,64}$/;

export const parseLocalId =
  <T>(field: string) =>
  (raw: unknown): Parsed<T> =>
    typeof raw === 'string' && localId.test(raw)
      ? accepted(raw as T)
      : rejected(`${field} must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -`);
