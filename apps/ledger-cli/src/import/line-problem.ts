/** A line of a batch file that was not applied, with why. */
export interface LineProblem {
  readonly line: number;
  /** The code a batch answers the line with (a rule's, or IDEMPOTENCY_KEY_REUSED); none in a checkpoint saved before codes were kept. */
  readonly code?: string;
  readonly errors: readonly string[];
}

/** How a problem reads on stderr: `line N refused (CODE): why`, the words a script may match on. */
export const shownProblem = ({ line, code, errors }: LineProblem, refused: string): string =>
  `line ${line} ${refused}${code === undefined ? '' : ` (${code})`}: ${errors.join('; ')}`;

/** At most this many problems are kept to be reported: a wholly wrong file must not fill memory. */
export const problemsKept = 100;
