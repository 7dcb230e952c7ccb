/** The query parameters the API reads: dates, instants, log positions and insurer numbers, nothing personal. */
const readParameters: ReadonlySet<string> = new Set(['after', 'asKnownAt', 'from', 'insurerNumber', 'on', 'to']);

const redacted = '[redacted]';

/**
 * A request's URL as its log line keeps it. A client may send anything in a query, a My Number
 * included (DOMAIN.md §3.3), and the API reads only its own parameters: any other pair, name and
 * value, is logged as `[redacted]`.
 */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const pairs = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => (readParameters.has(parameterName(pair)) ? pair : redacted));
  return `${url.slice(0, mark)}?${pairs.join('&')}`;
}

function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const name = equals < 0 ? pair : pair.slice(0, equals);
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return '';
  }
}
