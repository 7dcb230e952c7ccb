/** One read of a person's record (R40), to be appended to the person's stream. */
export interface AccessRecord {
  readonly stream: string;
  readonly type: 'EligibilityChecked' | 'PersonLookedUp';
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}
