import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { withoutMyNumbers } from '@ledger/domain';
import { type Readable } from 'node:stream';
import { redactedUrl } from './redacted-url';

/** Each eligibility check answered is recorded as an EligibilityChecked event (R40) and counted in /metrics. */
const isEligibilityCheck = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/v1/eligibility-checks';

/**
 * What the line says of the request, in the shape Fastify's request serializer reads. A reply written
 * by hand is logged after its socket closed, when the request no longer knows the client's address.
 */
export type LoggedRequest = Pick<FastifyRequest, 'method' | 'url' | 'host' | 'ip'> & {
  readonly socket: { readonly remotePort?: number };
};

/** The key a request was authenticated with, set by the access guard: its id, never the key. */
type AuthenticatedRequest = { readonly principal?: { readonly keyId: string } };

const keyIdOf = (request: object): string | undefined => (request as AuthenticatedRequest).principal?.keyId;

/** Requests whose line is written already, or by the code that answers them: one line each. */
const lineTaken = new WeakSet<FastifyRequest>();

/**
 * For a reply written by hand (a feed): its code logs the end itself with `logRequestEnd`, given what
 * this returns, taken before the client can go.
 */
export function takeOverRequestLine(request: FastifyRequest): LoggedRequest & AuthenticatedRequest {
  lineTaken.add(request);
  const keyId = keyIdOf(request);
  return { ...loggedRequest(request), ...(keyId !== undefined && { principal: { keyId } }) };
}

/** The request as its line shows it: no headers (Fastify's serializer), and no query the API does not read. */
function loggedRequest({ method, url, host, ip, socket }: FastifyRequest | LoggedRequest): LoggedRequest {
  // The Host header is the client's to write: a My Number in it goes like one in the URL.
  return { method, url: redactedUrl(url), host: withoutMyNumbers(host), ip, socket: { remotePort: socket.remotePort } };
}

/**
 * The line of a request once it ends: the request, the status and the time taken, with the request id.
 * A server error or a failed reply is `request errored` at error level; a client that went before the
 * answer was written is `request aborted`.
 */
export function logRequestEnd(
  request: FastifyRequest | LoggedRequest,
  reply: FastifyReply,
  end: { readonly error?: Error | null; readonly aborted?: boolean } = {},
): void {
  if (request === reply.request) {
    if (lineTaken.has(reply.request)) return;
    lineTaken.add(reply.request);
  }
  // Which key asked: what an operator needs to find a leaked key tried against other insurers or clinics (403).
  const keyId = keyIdOf(request);
  const line = {
    req: loggedRequest(request),
    res: reply,
    responseTime: reply.elapsedTime,
    ...(keyId !== undefined && { keyId }),
  };
  if (end.error || reply.statusCode >= 500) {
    reply.log.error({ ...line, ...(end.error && { err: end.error }) }, 'request errored');
  } else reply.log.info(line, end.aborted ? 'request aborted' : 'request completed');
}

/**
 * Sends a streamed answer (a batch, an audit export) and logs it as aborted if its client goes
 * while its last bytes are still on the way. Fastify logs a stream cut short only while the stream
 * still produces; once it has ended, a closed connection is neither a finish nor an error to it,
 * and the request would have no line.
 */
export function sendStreamed(reply: FastifyReply, stream: Readable): FastifyReply {
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) logRequestEnd(reply.request, reply, { aborted: true });
  });
  return reply.send(stream);
}

/** A client that went before any answer (a query waiting for `Ledger-Min-Position`): Fastify's `onRequestAbort`. */
export function logAbortedRequest(request: FastifyRequest, done: () => void): void {
  if (!isEligibilityCheck(request) && !lineTaken.has(request)) {
    lineTaken.add(request);
    request.log.info({ req: loggedRequest(request) }, 'request aborted');
  }
  done();
}

/**
 * One line per request (ADR 0011), written by Fastify's own logger: pino-http as Nest middleware copied
 * and redacted every request's headers into a child logger even when nothing was logged. A reply
 * written by hand (a feed) and a refusal of Fastify's router log their own line: Fastify does not.
 */
export class RequestLogs extends LogController {
  constructor() {
    super({ disableRequestLogging: isEligibilityCheck });
  }

  override incomingRequest(): void {}

  /** A check refused (401, 403, 400) is recorded by no event: its line is what an auditor has of it. */
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (!this.isLogDisabled(request) || error || reply.statusCode >= 400) logRequestEnd(request, reply, { error });
  }

  /**
   * A streamed answer (a batch) that ended before its end, after its status was sent: the request's
   * line says aborted when the client went, and errored otherwise. A client that cut its upload is
   * reported by whichever of the answer or the body fails first: the body's error (`aborted`) is the
   * client going too, and `onRequestAbort` then finds the line written.
   */
  override streamError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const clientWent =
      (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' || request.raw.socket?.destroyed === true;
    logRequestEnd(request, reply, clientWent ? { aborted: true } : { error });
  }
}
