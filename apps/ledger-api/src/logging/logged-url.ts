import { parseCalendarDate, parseInstant, parseInsurerNumber, parseMyNumber } from '@ledger/domain';

const isDate = (value: string): boolean => parseCalendarDate(value).ok;
const isDateOrInstant = (value: string): boolean => isDate(value) || parseInstant(value).ok;

/**
 * The query parameters the API reads, each with a test of the values it takes (the domain's own
 * parsers): dates, instants, log positions and insurer numbers, nothing personal. A value that
 * fails it is not one the parameter takes, whatever route it came with.
 */
const readParameters: ReadonlyMap<string, (value: string) => boolean> = new Map([
  ['after', (value: string) => /^\d{1,20}$/.test(value)],
  ['asKnownAt', isDateOrInstant],
  ['from', isDateOrInstant],
  ['insurerNumber', (value: string) => parseInsurerNumber(value).ok],
  ['on', isDate],
  ['to', isDateOrInstant],
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
  const takes = name === undefined ? undefined : readParameters.get(name);
  return takes !== undefined && value !== undefined && takes(value) && !parseMyNumber(value).ok;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
