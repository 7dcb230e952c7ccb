import { containsMyNumber } from '../identifiers/my-number';

/** A name as clients write field and parameter names, with no My Number in it. */
const looksLikeName = (name: string): boolean =>
  /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/.test(name) && !containsMyNumber(name);

/**
 * A name a client sent (a body field, a query parameter) as an error may repeat it: as it is when it
 * looks like a name, else `otherwise`. A client may put a My Number anywhere, a name included, and
 * no answer carries one (DOMAIN.md §3.3).
 */
export const shownName = (name: string, otherwise: string): string => (looksLikeName(name) ? name : otherwise);

/** The error of a body field no command or check takes, naming it as `shownName` allows. */
export const unknownFieldError = (key: string): string =>
  looksLikeName(key)
    ? `${key}: not a field of this request`
    : 'a field whose name is not a name (not repeated): not a field of this request';
