/** A line of a batch file that was not applied, with why. */
export interface LineProblem {
  readonly line: number;
  readonly errors: readonly string[];
}

/** At most this many problems are kept to be reported: a wholly wrong file must not fill memory. */
export const problemsKept = 100;
