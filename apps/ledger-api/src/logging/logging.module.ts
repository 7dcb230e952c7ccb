import { type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type Logger } from 'pino';

/**
 * Nest's messages and ours through the service's logger. No request middleware: Fastify logs the
 * requests (`RequestLogs`), and a log made while answering one goes through `request.log`, which
 * carries the request id.
 */
export function loggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] });
}
