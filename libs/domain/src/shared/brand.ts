declare const brand: unique symbol;

/** A value of `T` that has passed the validation that `Name` stands for. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
