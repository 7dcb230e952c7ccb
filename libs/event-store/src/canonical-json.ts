/**
 * RFC 8785 canonical JSON of what `JSON.stringify(value)` would write, in one walk: the same
 * `toJSON` calls, boxed primitives, dropped `undefined`/functions/symbols and `null` for
 * non-finite numbers as `JSON.stringify`, with object keys sorted by UTF-16 code units. Equal to
 * `canonicalize(JSON.parse(JSON.stringify(value)))` (the spec proves it), without the round trip
 * and the library's string concatenation by `reduce`, which made hashing most of an append's cost.
 * Returns `undefined` where `JSON.stringify` does (a bare function, symbol or `undefined`).
 */
export function canonicalJson(value: unknown): string | undefined {
  try {
    return encode(value, '');
  } catch (error) {
    // JSON.stringify names a cycle; a recursive walk would only overflow the stack.
    if (error instanceof RangeError)
      throw new TypeError('a circular or too deeply nested value is not JSON', { cause: error });
    throw error;
  }
}

function encode(input: unknown, key: string): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // Refused exactly as JSON.stringify refuses it.
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return encodeArray(value);
      if (value instanceof Number || value instanceof String || value instanceof Boolean) {
        return encode(value.valueOf(), key);
      }
      return encodeObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function encodeArray(values: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) out += ',';
    out += encode(values[index], String(index)) ?? 'null';
  }
  return `${out}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  if (!isSorted(keys)) sortKeys(keys);
  let out = '{';
  for (const key of keys) {
    const encoded = encode(object[key], key);
    if (encoded === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key) + encoded;
  }
  return `${out}}`;
}

/** What `JSON.stringify` escapes: quote, backslash, control characters, and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const needsEscaping = /["\\\u0000-\u001f\ud800-\udfff]/;

const quoted = (text: string): string => (needsEscaping.test(text) ? JSON.stringify(text) : `"${text}"`);

/** Events and person states reuse a few dozen keys: their quoted forms are kept, up to a bound. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let found = quotedKeys.get(key);
  if (found === undefined) {
    found = `${quoted(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, found);
  }
  return found;
}

/** Beyond this many keys an insertion sort's quadratic steps cost more than `sort`'s allocations. */
const fewKeys = 32;

/**
 * UTF-16 code unit order, as `sort()` without a comparator orders strings. Most objects here have a
 * few keys, and for them `Array.prototype.sort` allocated a sixth of a batch's memory: insertion sort
 * in place allocates nothing.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > fewKeys) {
    keys.sort();
    return;
  }
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index]!;
    let before = index - 1;
    for (; before >= 0 && keys[before]! > key; before -= 1) keys[before + 1] = keys[before]!;
    keys[before + 1] = key;
  }
}

function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) if (keys[index - 1]! > keys[index]!) return false;
  return true;
}
