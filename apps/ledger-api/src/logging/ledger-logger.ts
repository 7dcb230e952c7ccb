import pino, { type Logger } from 'pino';
import { type LogLevel } from '../configuration/configuration';

/**
 * The service's one pino logger, JSON lines on stdout: Fastify writes the request lines through it
 * and Nest's messages and ours go through it too. Fastify's serializers log no request headers; the
 * redaction is for anything else that carries them.
 */
export function ledgerLogger(level: LogLevel): Logger {
  return pino({
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}
