import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { logRequestEnd } from '../logging/request-logs';
import { problem, problemOf, sendProblem } from './problems';

/**
 * Fastify's router refuses a malformed URL (400, FST_ERR_BAD_URL) or an over-long path parameter
 * (414, FST_ERR_MAX_PARAM_LENGTH) before any route, hook or Nest filter runs; given to the adapter as
 * `frameworkErrors`, this answers them as problem+json like every other error, and logs them.
 */
export function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = problemOf(error, request.url) ?? problem(400, 'the request could not be routed', request.url);
  void sendProblem(reply, answer);
  // Fastify logs no request its router refused.
  logRequestEnd(request, reply);
}
