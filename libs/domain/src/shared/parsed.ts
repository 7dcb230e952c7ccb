/** The outcome of validating raw input into a domain value; the reason names what is wrong. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const accepted = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const rejected = <T>(reason: string): Parsed<T> => ({ ok: false, reason });
