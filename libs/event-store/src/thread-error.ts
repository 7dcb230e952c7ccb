/**
 * A writer thread's uncaught error as this side gets it, made an Error again. Node passes an Error
 * across with its message, but better-sqlite3's SqliteError is no Error to the structured clone:
 * only its own fields arrive, `code` among them, in a plain object, which no `message` reads.
 */
export function threadError(error: unknown, thread: string): Error {
  if (error instanceof Error) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const reason = typeof code === 'string' ? code : String(error);
  return Object.assign(new Error(`the ${thread} thread failed: ${reason}`), code === undefined ? {} : { code });
}
