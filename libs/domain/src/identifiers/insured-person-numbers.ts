import { type Brand } from '../shared/brand';
import { accepted, type Parsed, rejected } from '../shared/parsed';
import { isWrittenMyNumber } from './my-number';

/** 記号: up to 38 bytes of digits, letters or kanji; absent for late-elderly members. */
export type InsuredSymbol = Brand<string, 'InsuredSymbol'>;
/** 番号: the person's number within the insurer. */
export type InsuredNumber = Brand<string, 'InsuredNumber'>;
/** 枝番: two digits that tell apart the people under one symbol and number since 2020-10. */
export type BranchNumber = Brand<string, 'BranchNumber'>;

const maxBytes = 38;
// Digits and letters, half- or full-width, and kanji (CJK unified ideographs and the iteration mark).
const printable = /^[0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u3005\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]+$/u;
const encoder = new TextEncoder();

function parsePrintedNumber<T>(raw: unknown, field: string): Parsed<T> {
  if (typeof raw !== 'string' || raw.length === 0) return rejected(`${field} must be a non-empty string`);
  if (encoder.encode(raw).length > maxBytes) return rejected(`${field} must be at most ${maxBytes} bytes`);
  if (!printable.test(raw)) return rejected(`${field} may hold only digits, letters or kanji`);
  return accepted(raw as T);
}

/** Clinics find persons by these numbers: a My Number recorded as one would be the lookup key §3.3 forbids. */
function parseRecordedNumber<T>(raw: unknown, field: string): Parsed<T> {
  const parsed = parsePrintedNumber<T>(raw, field);
  if (parsed.ok && isWrittenMyNumber(raw as string))
    return rejected(`${field} must not be a My Number (DOMAIN.md §3.3)`);
  return parsed;
}

export const parseInsuredSymbol = (raw: unknown): Parsed<InsuredSymbol> => parseRecordedNumber(raw, 'symbol');
export const parseInsuredNumber = (raw: unknown): Parsed<InsuredNumber> => parseRecordedNumber(raw, 'number');

/**
 * The numbers a clinic asks with, as printed on the person's document. Not refused for looking like
 * a My Number: a person enrolled under such a number before it was refused must still be found,
 * and what a check asks with is neither stored nor logged.
 */
export const parseAskedSymbol = (raw: unknown): Parsed<InsuredSymbol> => parsePrintedNumber(raw, 'symbol');
export const parseAskedNumber = (raw: unknown): Parsed<InsuredNumber> => parsePrintedNumber(raw, 'number');

export function parseBranchNumber(raw: unknown): Parsed<BranchNumber> {
  if (typeof raw !== 'string' || !/^\d{2}$/.test(raw)) return rejected('branch must be two digits, 00 to 99');
  return accepted(raw as BranchNumber);
}
