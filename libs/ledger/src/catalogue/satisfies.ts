import { type Parsed } from '@ledger/domain';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * `field: reason`, the form of every entry about one field in a problem's `errors`, so a client can
 * split off the field it names. A reason written with its field as subject has the field moved before
 * the colon, not repeated: as the domain's parsers word theirs, by its name (`personId must be ...`)
 * or in words (`insurer number check digit is wrong` for `insurerNumber`).
 */
export const naming = (field: string, reason: string): string => {
  // Already named: by this field, or by one of its elements (`insurers[1]: ...`).
  if (reason.startsWith(`${field}: `) || reason.startsWith(`${field}[`)) return reason;
  for (const subject of [field, inWords(field)]) {
    if (reason.startsWith(`${subject} `)) return `${field}: ${reason.slice(subject.length + 1)}`;
  }
  return `${field}: ${reason}`;
};

/**
 * The one error of a field a body refused that holds no value: what to do is the same whatever its
 * rules are, where each rule's own message ("must be a string") would not say it. Undefined for a
 * value that is there.
 */
export const absentValueError = (field: string, value: unknown): string | undefined => {
  if (value === undefined) return `${field}: is required`;
  if (value === null) return `${field}: must not be null: send a value, or leave out a field that is optional`;
  return undefined;
};

/** A field's refusal by a parser: `reason` named, unless the field holds no value at all. */
export const parserRefusal = (field: string, value: unknown, reason: string): string =>
  absentValueError(field, value) ?? naming(field, reason);

/** `insurerNumber` as a sentence says it: `insurer number`. */
const inWords = (field: string): string => field.replace(/[A-Z]/g, (capital) => ` ${capital.toLowerCase()}`);

/** With `each`, class-validator checks every element but builds the message from the whole array. */
function reasonOf(parse: (raw: unknown) => Parsed<unknown>, value: unknown, property: string, each: boolean): string {
  if (each && Array.isArray(value)) {
    const index = value.findIndex((element) => !parse(element).ok);
    const parsed = index === -1 ? undefined : parse(value[index]);
    if (parsed && !parsed.ok) return naming(`${property}[${index}]`, parsed.reason);
  }
  const parsed = parse(value);
  return naming(property, parsed.ok ? 'is invalid' : parsed.reason);
}

/**
 * Validates a field with the domain's own parser (check digits, calendar days), so the API and the
 * domain never disagree on what a valid value is; the message names the field, and with `each` the
 * first wrong element and its own reason.
 */
export const Satisfies = (parse: (raw: unknown) => Parsed<unknown>, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'satisfies',
      constraints: [parse],
      validator: {
        validate: (value: unknown) => parse(value).ok,
        defaultMessage: (args) => reasonOf(parse, args?.value, args?.property ?? 'value', options?.each === true),
      },
    },
    options,
  );
