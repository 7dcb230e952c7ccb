import { type FastifyInstance } from 'fastify';
import { type Socket } from 'node:net';
import { problem } from './problems';

/** What Node's HTTP parser names, and the answer each gets (Node's and Fastify's choices). */
const answers: Readonly<Record<string, { status: number; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'the request line and headers exceed the size the service accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'the request did not arrive in time' },
};
const malformed = { status: 400, detail: 'the request is not valid HTTP: its request line or a header is malformed' };

/**
 * Requests that Node's HTTP parser refuses before any route sees them (headers too large, a malformed
 * request line or header) are answered as problem+json like every other error, instead of Fastify's
 * own JSON, and the connection is closed: nothing after them on it can be parsed. What the client
 * sent is never logged, since it may carry anything. A body found malformed while its answer streams
 * (a batch's) only closes the connection.
 */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = answers[error.code ?? ''] ?? malformed;
  this.log.debug({ code: error.code, status }, 'request refused by the HTTP parser');
  if (socket.writable && !answering(socket)) {
    const answer = problem(status, detail, '', { code: error.code ?? 'HTTP_PARSE_ERROR' });
    const body = JSON.stringify(answer);
    socket.write(
      `HTTP/1.1 ${status} ${answer.title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Whether an answer is already on its way on the socket (a batch answers while it reads the body):
 * a refusal written into it would corrupt it, so the connection is only cut. Node's own handler
 * makes the same check, on the same field.
 */
const answering = (socket: Socket): boolean =>
  (socket as Socket & { _httpMessage?: { readonly headersSent: boolean } })._httpMessage?.headersSent === true;
