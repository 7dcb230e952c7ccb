import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Each eligibility check is recorded as an EligibilityChecked event (R40) and counted in /metrics. */
const isEligibilityCheck = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/v1/eligibility-checks';

/** The line of an answered request: the request, the status and the time taken, with the request id. */
export function logAnswered(request: FastifyRequest, reply: FastifyReply, error?: Error | null): void {
  const line = { req: request, res: reply, responseTime: reply.elapsedTime };
  if (error) reply.log.error({ ...line, err: error }, 'request errored');
  else reply.log.info(line, 'request completed');
}

/**
 * One line per request, once it is answered (ADR 0011). Fastify's own logger writes it: pino-http as
 * Nest middleware copied and redacted every request's headers into a child logger even when nothing
 * was logged. A reply written by hand (a feed) logs its own line when it ends: Fastify does not.
 */
export class RequestLogs extends LogController {
  constructor() {
    super({ disableRequestLogging: isEligibilityCheck });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (!this.isLogDisabled(request)) logAnswered(request, reply, error);
  }
}
