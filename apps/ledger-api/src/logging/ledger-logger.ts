import { isRecord, withoutMyNumbers } from '@ledger/domain';
import pino, { type DestinationStream, type Logger } from 'pino';
import { type LogLevel } from '../configuration/configuration';

/**
 * An error as a line may show it: a copy whose strings (message, stack, a stream it names, its
 * cause's) hold no My Number. A log written before ids were checked may name a person's stream by
 * one, and an error repeats the stream it failed on.
 */
function shownError(error: Error): Error {
  const shown = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value: unknown = (error as unknown as Record<string, unknown>)[key];
    Object.defineProperty(shown, key, {
      value: typeof value === 'string' ? withoutMyNumbers(value) : value instanceof Error ? shownError(value) : value,
      enumerable: Object.getOwnPropertyDescriptor(error, key)?.enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return shown;
}

/** What a log call was given, as its line may show it: serializers (Fastify's too) run after this. */
function shownArgument(argument: unknown): unknown {
  if (typeof argument === 'string') return withoutMyNumbers(argument);
  if (argument instanceof Error) return shownError(argument);
  if (isRecord(argument) && argument.err instanceof Error) return { ...argument, err: shownError(argument.err) };
  return argument;
}

/**
 * The service's one pino logger, JSON lines on stdout: Fastify writes the request lines through it
 * and Nest's messages and ours go through it too. Fastify's serializers log no request headers; the
 * redaction is for anything else that carries them. Messages and errors are written without a My
 * Number (DOMAIN.md §3.3), in every child logger too.
 */
export function ledgerLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    hooks: {
      logMethod(this: Logger, inputs: unknown[], write: (...inputs: unknown[]) => void) {
        write.apply(this, inputs.map(shownArgument));
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
