import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { problem, type ProblemDetails, problemOf, sendProblem } from './problems';

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
    let answer = problemOf(exception, request.url) ?? httpProblem(exception, request.url);
    // A streamed answer (a batch) cut short before its first byte by a client that went: no one to
    // answer, and the request's own line says it was aborted. Not an unexpected error.
    if (!answer && cutShortByClient(exception, request)) return;
    if (!answer) {
      request.log.error({ err: exception }, 'unexpected error');
      answer = unexpectedProblem(request.url);
    }
    if (answer.status === 401) void reply.header('www-authenticate', 'Bearer');
    void sendProblem(reply, answer);
  }
}

function httpProblem(exception: unknown, instance: string): ProblemDetails | undefined {
  if (!(exception instanceof HttpException)) return undefined;
  const status = exception.getStatus();
  const body = exception.getResponse();
  const { message, code } = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(message) ? message.map(String) : undefined;
  return problem(status, errors ? errors.join('; ') : exception.message, instance, {
    ...(errors && { errors }),
    ...(typeof code === 'string' && { code }),
  });
}

const unexpectedProblem = (instance: string): ProblemDetails =>
  problem(HttpStatus.INTERNAL_SERVER_ERROR, 'The ledger met an unexpected error; it has been logged.', instance);

const cutShortByClient = (exception: unknown, request: FastifyRequest): boolean =>
  (exception as { code?: unknown } | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE' &&
  request.raw.socket?.destroyed === true;
