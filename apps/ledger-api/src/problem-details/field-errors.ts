import { unknownFieldError } from '@ledger/domain';
import { naming } from '@ledger/ledger';

/** What the global ValidationPipe reports of one field, as class-validator gives it. */
export interface FieldValidation {
  readonly property: string;
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
  return validations.flatMap(({ property, constraints = {}, children = [] }) => {
    const field = parent === '' ? property : `${parent}.${property}`;
    return [
      ...Object.entries(constraints).map(([rule, reason]) =>
        rule === unknownFieldRule ? unknownFieldError(field) : naming(field, reason),
      ),
      ...fieldErrors(children, field),
    ];
  });
}
