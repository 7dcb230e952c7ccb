/** An error as another thread can send it: structured clone keeps neither its class nor its own fields. */
export interface ThrownInThread {
  readonly className: string;
  readonly message: string;
  readonly stack?: string;
  /** Its own fields that are plain values (a stream, a position, a code). */
  readonly fields: Readonly<Record<string, string | number | boolean>>;
}

export function thrownInThread(error: unknown): ThrownInThread {
  if (!(error instanceof Error)) return { className: 'Error', message: String(error), fields: {} };
  const plain = Object.entries(error).filter((entry): entry is [string, string | number | boolean] =>
    ['string', 'number', 'boolean'].includes(typeof entry[1]),
  );
  return {
    className: error.constructor.name,
    message: error.message,
    ...(error.stack !== undefined && { stack: error.stack }),
    fields: Object.fromEntries(plain),
  };
}

/**
 * The error again, in this thread, as the log shows one thrown here: a class of the same name (the
 * log's `type`), its message, stack and fields.
 */
export function rethrown(thrown: ThrownInThread): Error {
  const named = { [thrown.className]: class extends Error {} }[thrown.className]!;
  const error = Object.assign(new named(thrown.message), thrown.fields);
  if (thrown.stack !== undefined) error.stack = thrown.stack;
  return error;
}
