import { type Parsed } from '@ledger/domain';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A reason that names its field as it is, any other prefixed with the field. */
export const naming = (field: string, reason: string): string =>
  reason.startsWith(field) ? reason : `${field}: ${reason}`;

/**
 * Validates a field with the domain's own parser (check digits, calendar days), so the API and the
 * domain never disagree on what a valid value is; the message names the field.
 */
export const Satisfies = (parse: (raw: unknown) => Parsed<unknown>, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'satisfies',
      constraints: [parse],
      validator: {
        validate: (value: unknown) => parse(value).ok,
        defaultMessage: (args) => {
          const parsed = parse(args?.value);
          return naming(args?.property ?? 'value', parsed.ok ? 'is invalid' : parsed.reason);
        },
      },
    },
    options,
  );
