import {
  accepted,
  type CalendarDate,
  containsMyNumber,
  parseCalendarDate,
  type Parsed,
  rejected,
} from '@ledger/domain';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { today } from '../today';
import { Satisfies } from './satisfies';

/** A `YYYY-MM-DD` date that exists in the calendar. */
export const IsCalendarDate = () => Satisfies(parseCalendarDate);

/**
 * The day something was done (a registration, a request, an issue, a delivery): today in Japan at
 * the latest, since such a fact is recorded once it happened. A year mistyped into the future
 * would stand before every later change of the person's record: after a registration dated 2099,
 * no other registration, request or cancellation could be recorded before 2099.
 */
function parseDayDone(raw: unknown): Parsed<CalendarDate> {
  const date = parseCalendarDate(raw);
  if (!date.ok) return date;
  const inJapan = today();
  return date.value <= inJapan
    ? date
    : rejected(`must not be after today (${inJapan} in Japan): it records what was done`);
}

export const IsDayDone = () => Satisfies(parseDayDone);

/**
 * A field that may be left out. Unlike class-validator's IsOptional, a null is not taken for
 * "left out": it is checked, and refused, so that `"address": null` sent to clear a field is told
 * it did not, instead of being answered 201 with the field unchanged.
 */
export const Optional = () => ValidateIf((_, value) => value !== undefined);

/** One of a closed list; the message lists what is allowed. */
export const OneOf = (values: readonly unknown[]) =>
  IsIn(values as unknown[], { message: `must be one of ${values.join(', ')}` });

/** Controls (C0, DEL, C1) and a surrogate without its pair: no name, address or household id holds one. */
const unprintable = /[\p{Cc}\p{Cs}]/u;
/**
 * Invisible formatting characters (zero-width ones, direction marks and overrides, the soft hyphen)
 * and line or paragraph separators: nothing a printed name or address holds. An override shows the
 * rest of the text reversed, on a certificate or a clinic's screen. Variation selectors, which pick
 * a kanji's form in a name (IVS), are marks, not formatting: they are kept.
 */
const formatting = /[\p{Cf}\p{Zl}\p{Zp}]/u;
/**
 * What prints as nothing: spaces of every width, and what Unicode tells a renderer to show as
 * nothing when it cannot apply it (Default_Ignorable_Code_Point: zero-width and format characters,
 * variation selectors, the Hangul fillers, Khmer inherent vowels, tags), and the blank Braille
 * pattern, a symbol drawn as an empty cell. A name of these alone looks like no name at all.
 */
const printsNothing = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** A text the ledger may keep and print; a value of another type is left to the rules that name its type. */
export function storableText(raw: unknown): Parsed<unknown> {
  if (typeof raw !== 'string') return accepted(raw);
  if (raw.replace(printsNothing, '') === '') return rejected('must not be blank');
  if (unprintable.test(raw)) return rejected('must not hold control characters or unpaired surrogates');
  if (formatting.test(raw)) {
    return rejected('must not hold invisible formatting characters (zero-width, direction marks) or line separators');
  }
  // What a decoder puts for bytes that were not UTF-8: a Shift_JIS name would be kept as these marks.
  if (raw.includes('\uFFFD')) {
    return rejected('holds U+FFFD, the mark of bytes that were not UTF-8: send UTF-8 (convert a Shift_JIS file first)');
  }
  // It would be in every answer, feed and export of the person (DOMAIN.md §3.3).
  if (containsMyNumber(raw)) return rejected('must not hold a My Number (DOMAIN.md §3.3)');
  return accepted(raw);
}

/**
 * Free text (names, addresses, a household id): bounded, since it ends up in every read model, and
 * printable, since it is printed on certificates and shown to clinics.
 */
export const Text =
  (maxLength = 200): PropertyDecorator =>
  (target, property) => {
    IsString({ message: 'must be a string' })(target, property);
    IsNotEmpty({ message: 'must not be empty' })(target, property);
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` })(target, property);
    Satisfies(storableText)(target, property);
  };

export const burdenRatios = [10, 20, 30] as const;
