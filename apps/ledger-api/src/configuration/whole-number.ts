import { Transform } from 'class-transformer';

/**
 * A variable that holds a whole number, written in decimal digits: `Number()` alone would read an
 * empty value as 0 and take `1e3` or `0x10`, so a typo would start the service on a value nobody
 * wrote. Anything else becomes NaN, which the variable's integer check refuses, naming it.
 */
export const WholeNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Number.NaN) : value,
  );
