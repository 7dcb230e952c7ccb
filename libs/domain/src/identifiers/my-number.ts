import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';

/**
 * 個人番号. The ledger may hold it only encrypted and never shows it (DOMAIN.md §3.3), so no
 * message here ever repeats the digits it was given.
 */
export type MyNumber = Brand<string, 'MyNumber'>;

const weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

export function myNumberCheckDigit(first11: string): number {
  const sum = weights.reduce((total, weight, index) => total + weight * Number(first11[index]), 0);
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

export function parseMyNumber(raw: unknown): Parsed<MyNumber> {
  if (typeof raw !== 'string' || !/^\d{12}$/.test(raw)) return rejected('My Number must be 12 digits');
  if (myNumberCheckDigit(raw.slice(0, 11)) !== Number(raw[11])) return rejected('My Number check digit is wrong');
  return accepted(raw as MyNumber);
}

/** Whether a value is a My Number: twelve digits whose check digit holds. */
export const isMyNumber = (raw: unknown): boolean => parseMyNumber(raw).ok;

const myNumberKey = /^my[-_ ]?number$/i;

/**
 * Whether a field holds a My Number, as another system might name it (`myNumber`, `my_number`,
 * `MyNumber`, ...): the ledger's own events never carry one, but a log shared with other writers
 * might, and no read model, answer or export may show it (§3.3).
 */
export const isMyNumberKey = (key: string): boolean => (key.length === 8 || key.length === 9) && myNumberKey.test(key);

/** What stands where a text the ledger repeats held something it may not show. */
export const redacted = '[redacted]';

const digit = '[0-9０-９]';
/**
 * What people put between the digits, or what a keyboard, a converter or a copy puts there for
 * them. Joiners: hyphens and dashes (ASCII, Unicode, full-width, small, and the katakana prolonged
 * sound mark typed for one), underscores and the katakana middle dot. Spaces: of every width, the
 * no-break one too, tabs and line breaks, and invisible format characters (zero-width, soft hyphen). A dot is neither: it joins the digits of IP
 * addresses and decimal numbers, so only the card's three groups of four are read across it.
 */
const joiner = '[-_\\u2010-\\u2015\\u2212\\u30FB\\u30FC\\uFE58\\uFE63\\uFF0D\\uFF3F\\uFF65\\uFF70]';
const space = '[ \\t\\n\\r\\u00A0\\u2000-\\u200A\\u202F\\u205F\\u3000\\p{Cf}]';
const separator = `(?:${joiner}|${space})`;
const dot = '[.．]';
const tokenCharacter = '[0-9A-Za-z０-９]';
/**
 * A token goes on across joiners (a serial number, a UUID), a number across any separator. A dot
 * ends both: what stands between dots (a host name's label) is read on its own.
 */
const standingAlone = (written: string): string =>
  `(?<!${tokenCharacter}${joiner}{0,3})(?<!${digit}${separator}{0,3})${written}` +
  `(?!${joiner}{0,3}${tokenCharacter})(?!${separator}{0,3}${digit})`;

/**
 * Twelve digits standing alone, not part of a longer number (a log position may have fifteen), as
 * people write them: ASCII or full-width, run together; or split by separators anyhow (runs of up
 * to three, mixed); or in the card's three groups of four joined by dots; split or grouped digits
 * not part of a longer token such as a UUID or a serial number, nor of a longer run of digits and
 * separators.
 */
const writtenTwelveDigits = new RegExp(
  `(?<!${digit})${digit}{12}(?!${digit})` +
    `|${standingAlone(`${digit}(?:${separator}{0,3}${digit}){11}`)}` +
    `|${standingAlone(`${digit}{4}(${dot})${digit}{4}\\1${digit}{4}`)}`,
  'gu',
);

/** The twelve digits a written number holds, in ASCII. */
const digitsOf = (written: string): string =>
  written.replace(/[^0-9０-９]/gu, '').replace(/[０-９]/gu, (wide) => String.fromCharCode(wide.charCodeAt(0) - 0xfee0));

/**
 * An id or a token (a person or document id, an Idempotency-Key) is read as a My Number only in
 * the forms people give one: run together, or the card's three groups of four with one separator
 * repeated. Ids such as a date and a serial (`20250401-0009`, `202504-000003`) hold twelve digits
 * split otherwise, one time in ten a valid My Number; read as one, ids stored before would be
 * refused and redacted. Texts are read with every split (`withoutMyNumbers`).
 */
const writtenAlone = new RegExp(`^(?:${digit}{12}|${digit}{4}(${separator}|${dot})${digit}{4}\\1${digit}{4})$`, 'u');

/** Whether an id or token is a My Number as people write one: `123456789018`, `1234-5678-9018`, `１２３４ ５６７８ ９０１８`, `1234_5678_9018`. */
export const isWrittenMyNumber = (raw: string): boolean => writtenAlone.test(raw) && isMyNumber(digitsOf(raw));

/**
 * A text that may repeat what a client sent (an error naming a path, a header or a value), with
 * each My Number in it replaced by `[redacted]`: no answer or log line carries one (§3.3).
 */
export const withoutMyNumbers = (text: string): string =>
  text.replace(writtenTwelveDigits, (written) => (isMyNumber(digitsOf(written)) ? redacted : written));

/** Whether a text holds a My Number standing in it, as `withoutMyNumbers` would redact. */
export const containsMyNumber = (text: string): boolean => withoutMyNumbers(text) !== text;
