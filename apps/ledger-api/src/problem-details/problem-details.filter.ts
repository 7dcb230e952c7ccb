import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { type ProblemDetails, problemOf } from './problems';

export { type ProblemDetails } from './problems';

/**
 * Every error leaves the service as application/problem+json, from this one place; an unexpected
 * one shows no internals, and is logged with the request's id. The others (a 503 for
 * Ledger-Min-Position, a 409, a 422) are answers, logged only in the request's own line.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let problem = problemOf(exception, request.url) ?? httpProblem(exception, request.url);
    if (!problem) {
      request.log.error({ err: exception }, 'unexpected error');
      problem = unexpectedProblem(request.url);
    }
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

function httpProblem(exception: unknown, instance: string): ProblemDetails | undefined {
  if (!(exception instanceof HttpException)) return undefined;
  const status = exception.getStatus();
  const body = exception.getResponse();
  const messages = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
  const errors = Array.isArray(messages) ? messages.map(String) : undefined;
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: errors ? errors.join('; ') : exception.message,
    instance,
    ...(errors && { errors }),
  };
}

const unexpectedProblem = (instance: string): ProblemDetails => ({
  type: 'about:blank',
  title: STATUS_CODES[HttpStatus.INTERNAL_SERVER_ERROR]!,
  status: HttpStatus.INTERNAL_SERVER_ERROR,
  detail: 'The ledger met an unexpected error; it has been logged.',
  instance,
});
