import { parseMyNumber } from '@ledger/domain';

const dateOrInstant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * The query parameters the API reads, each with the shape of the values it takes: dates, instants,
 * log positions and insurer numbers, nothing personal. A value of another shape is not one the
 * parameter takes, whatever route it came with.
 */
const readParameters: ReadonlyMap<string, RegExp> = new Map([
  ['after', /^\d{1,20}$/],
  ['asKnownAt', dateOrInstant],
  ['from', dateOrInstant],
  ['insurerNumber', /^(\d{6}|\d{8})$/],
  ['on', dateOrInstant],
  ['to', dateOrInstant],
]);

const redacted = '[redacted]';

/**
 * A request's URL as its log line keeps it. A client may send anything in a query, a My Number
 * included (DOMAIN.md §3.3), under any name: a pair is kept only when the API reads its name and
 * its value has that parameter's shape and is no My Number (a log position may be twelve digits);
 * any other pair, name and value, is logged as `[redacted]`.
 */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const pairs = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => (isReadParameter(pair) ? pair : redacted));
  return `${url.slice(0, mark)}?${pairs.join('&')}`;
}

function isReadParameter(pair: string): boolean {
  const equals = pair.indexOf('=');
  const name = decoded(equals < 0 ? pair : pair.slice(0, equals));
  const value = equals < 0 ? '' : decoded(pair.slice(equals + 1));
  const shape = name === undefined ? undefined : readParameters.get(name);
  return shape !== undefined && value !== undefined && shape.test(value) && !parseMyNumber(value).ok;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
