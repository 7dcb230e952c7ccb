import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type LogLevel } from '../configuration/configuration';

/** One JSON line per log entry on stdout: requests, Nest's own messages and ours, without credentials. */
export function loggingModule(level: LogLevel): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // Each eligibility check is recorded as an EligibilityChecked event (R40) and counted in
      // /metrics; a log line per check as well would cost a tenth of the route's time at 10,000/s.
      autoLogging: { ignore: (request) => request.url === '/v1/eligibility-checks' },
    },
    // nestjs-pino's default pattern, `{/*splat}`, matches no request on platform-fastify 12:
    // requests would go unlogged without a word, so every path is named here.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  });
}
