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
const separator = '[-\\u2010\\u2011\\u2212\\uFF0D \\u3000]';
const tokenCharacter = '[0-9A-Za-z０-９]';

/**
 * Twelve digits standing alone, not part of a longer number (a log position may have fifteen), as
 * people write them: ASCII or full-width, run together, or in the card's three groups of four with
 * one separator (a hyphen or a space) between them, the groups not part of a longer token such as
 * a UUID or a serial number.
 */
const writtenTwelveDigits = new RegExp(
  `(?<!${digit})${digit}{12}(?!${digit})` +
    `|(?<!${tokenCharacter}${separator}?)${digit}{4}(${separator})${digit}{4}\\1${digit}{4}(?!${separator}?${tokenCharacter})`,
  'gu',
);

/** The twelve digits a written number holds, in ASCII. */
const digitsOf = (written: string): string =>
  written.replace(/[^0-9０-９]/gu, '').replace(/[０-９]/gu, (wide) => String.fromCharCode(wide.charCodeAt(0) - 0xfee0));

const writtenAlone = new RegExp(`^(?:${writtenTwelveDigits.source})$`, 'u');

/** Whether a value is a My Number as people write it: `1234-5678-9018`, `１２３４ ５６７８ ９０１８`. */
export const isWrittenMyNumber = (raw: string): boolean => writtenAlone.test(raw) && isMyNumber(digitsOf(raw));

/**
 * A text that may repeat what a client sent (an error naming a path, a header or a value), with
 * each My Number in it replaced by `[redacted]`: no answer or log line carries one (§3.3).
 */
export const withoutMyNumbers = (text: string): string =>
  text.replace(writtenTwelveDigits, (written) => (isMyNumber(digitsOf(written)) ? redacted : written));

/** Whether a text holds a My Number standing in it, as `withoutMyNumbers` would redact. */
export const containsMyNumber = (text: string): boolean => withoutMyNumbers(text) !== text;
