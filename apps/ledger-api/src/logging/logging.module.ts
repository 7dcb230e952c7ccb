import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type LogLevel } from '../configuration/configuration';

/** One JSON line per log entry on stdout: requests, Nest's own messages and ours, without credentials. */
export function loggingModule(level: LogLevel): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    // Each eligibility check is recorded as an EligibilityChecked event (R40) and counted in /metrics.
    // A log line per check as well, or only pino-http's per-request child logger (it copies and
    // redacts the request's headers even when nothing is logged), cost a tenth of the route's time.
    exclude: [{ path: 'v1/eligibility-checks', method: RequestMethod.POST }],
    // nestjs-pino's default pattern, `{/*splat}`, matches no request on platform-fastify 12:
    // requests would go unlogged without a word, so every path is named here.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  });
}
