import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { logRequestEnd } from '../logging/request-logs';
import { problemOf } from './problems';

/**
 * Fastify's router refuses a malformed URL (400, FST_ERR_BAD_URL) or an over-long path parameter
 * (414, FST_ERR_MAX_PARAM_LENGTH) before any route, hook or Nest filter runs; given to the adapter as
 * `frameworkErrors`, this answers them as problem+json like every other error, and logs them.
 */
export function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = problemOf(error, request.url) ?? {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'the request could not be routed',
    instance: request.url,
  };
  void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  // Fastify logs no request its router refused.
  logRequestEnd(request, reply);
}
