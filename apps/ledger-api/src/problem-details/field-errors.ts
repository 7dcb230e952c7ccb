import { unknownFieldError } from '@ledger/domain';
import { absentValueError, naming } from '@ledger/ledger';

/** What the global ValidationPipe reports of one field, as class-validator gives it. */
export interface FieldValidation {
  readonly property: string;
  /** What the body held there: a field it left out or sent as null gets one error saying so. */
  readonly value?: unknown;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly children?: readonly FieldValidation[];
}

/** class-validator's rule for a field that no rule of the body names. */
const unknownFieldRule = 'whitelistValidation';

/**
 * Each rule a body broke, as `field: reason` like every entry about one field in a problem's `errors`: the
 * compiled command bodies, the eligibility check and the query parameters word theirs the same way.
 */
export function fieldErrors(validations: readonly FieldValidation[], parent = ''): string[] {
  return validations.flatMap(({ property, value, constraints = {}, children = [] }) => {
    const field = parent === '' ? property : `${parent}.${property}`;
    const rules = Object.entries(constraints);
    const absent = rules.length > 0 && !(unknownFieldRule in constraints) ? absentValueError(field, value) : undefined;
    return [
      ...(absent !== undefined
        ? [absent]
        : rules.map(([rule, reason]) =>
            rule === unknownFieldRule ? unknownFieldError(field) : naming(field, reason),
          )),
      ...fieldErrors(children, field),
    ];
  });
}
