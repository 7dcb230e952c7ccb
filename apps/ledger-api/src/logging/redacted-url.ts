import {
  containsMyNumber,
  parseCalendarDate,
  parseInstant,
  parseInsurerNumber,
  isWrittenMyNumber,
  redacted,
} from '@ledger/domain';
import { isKeyId } from '@ledger/access/keys';
import { isGlobalPosition } from '../read-side/global-position';

const isDate = (value: string): boolean => parseCalendarDate(value).ok;
const isDateOrInstant = (value: string): boolean => isDate(value) || parseInstant(value).ok;

/**
 * The query parameters the API reads, each with a test of the values it takes (the domain's own
 * parsers): dates, instants, log positions and insurer numbers, nothing personal. A value that
 * fails it is not one the parameter takes, whatever route it came with.
 */
const readParameters: ReadonlyMap<string, (value: string) => boolean> = new Map([
  ['after', isGlobalPosition],
  ['asKnownAt', isDateOrInstant],
  ['from', isDateOrInstant],
  ['insurerNumber', (value: string) => parseInsurerNumber(value).ok],
  ['on', isDate],
  ['to', isDateOrInstant],
]);

/**
 * A request's URL as the ledger repeats it, in its log lines and in a problem's `instance`. A
 * client may send anything, a My Number included (DOMAIN.md §3.3): one in the path is redacted,
 * percent-encoded or not, and so is any query pair but one the API reads, with a value of that parameter's shape
 * that is no My Number (a log position may be twelve digits).
 */
export function redactedUrl(url: string): string {
  const mark = url.indexOf('?');
  const sentPath = withoutKey(mark < 0 ? url : url.slice(0, mark));
  // A slash stops a run of digits, so a path that holds no My Number as a whole has no segment that does.
  const path = holdsMyNumber(sentPath)
    ? sentPath
        .split('/')
        .map((segment) => (holdsMyNumber(segment) ? redacted : segment))
        .join('/')
    : sentPath;
  if (mark < 0) return path;
  const pairs = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => (isReadParameter(pair) ? pair : redacted));
  return `${path}?${pairs.join('&')}`;
}

const keyPath = '/v1/admin/keys/';

/** A key revoked by giving the key itself in the path: anything there but a key id may be one. */
const withoutKey = (path: string): string =>
  path.startsWith(keyPath) && !isKeyId(path.slice(keyPath.length)) ? `${keyPath}${redacted}` : path;

function isReadParameter(pair: string): boolean {
  const equals = pair.indexOf('=');
  const name = decoded(equals < 0 ? pair : pair.slice(0, equals));
  const value = equals < 0 ? '' : decoded(pair.slice(equals + 1));
  const takes = name === undefined ? undefined : readParameters.get(name);
  return takes !== undefined && value !== undefined && takes(value) && !isWrittenMyNumber(value);
}

/**
 * A path segment with a My Number in it, in any form it may be written (grouped, full-width),
 * sent as it is or percent-encoded. The digits alone are decoded too, so that a malformed escape
 * elsewhere in the segment, which stops the whole from decoding, hides none.
 */
function holdsMyNumber(segment: string): boolean {
  const whole = decoded(segment, { plusIsSpace: false });
  return containsMyNumber(segment.replace(/%3([0-9])/gi, '$1')) || (whole !== undefined && containsMyNumber(whole));
}

/** `+` is a space in a query, itself in a path. */
function decoded(text: string, { plusIsSpace = true } = {}): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? text.replaceAll('+', ' ') : text);
  } catch {
    return undefined;
  }
}
