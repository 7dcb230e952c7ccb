import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Each eligibility check is recorded as an EligibilityChecked event (R40) and counted in /metrics. */
const isEligibilityCheck = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/v1/eligibility-checks';

/**
 * One line per request, once it is answered, with the request, the status and the time taken
 * (ADR 0011). Fastify's own logger writes it: pino-http as Nest middleware copied and redacted every
 * request's headers into a child logger even when nothing was logged.
 */
export class RequestLogs extends LogController {
  constructor() {
    super({ disableRequestLogging: isEligibilityCheck });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
