import { DomainError, withoutMyNumbers } from '@ledger/domain';
import { EventStoreLimitError, WrongExpectedRevisionError } from '@ledger/event-store';
import { IdempotencyKeyReusedError } from '@ledger/ledger';
import { type FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { redactedUrl } from '../logging/redacted-url';

/** Fastify's router default (`maxParamLength`): a longer path parameter is refused with 414. */
export const maxPathParameterLength = 100;

/** Fastify's default `bodyLimit`, set by name: a larger JSON body is refused with 413. A batch is read line by line, without it. */
export const maxJsonBodyBytes = 1024 * 1024;

/** RFC 9457 problem details; `errors` lists what a validation found wrong, each about one field written `field: reason`. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly errors?: readonly string[];
  /** The rule of DOMAIN.md that refused a command, e.g. "R10". */
  readonly rule?: string;
  /** A stable code a client may branch on. */
  readonly code?: string;
}

/** A detail that repeats the request's URL (the router's "Cannot GET ...") repeats it as `instance` does. */
const shownDetail = (detail: string, url: string, shownUrl: string): string =>
  withoutMyNumbers(url === '' ? detail : detail.replaceAll(url, shownUrl));

/**
 * A problem of `status`, titled as HTTP names it; every problem+json answer of the API is built
 * here. Its texts may repeat what the client sent (a path, a header, a value): a My Number in them
 * is not repeated, and `instance` is the request's URL as the ledger repeats it.
 */
export const problem = (
  status: number,
  detail: string,
  instance: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails => {
  const shownUrl = redactedUrl(instance);
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: shownDetail(detail, instance, shownUrl),
    instance: shownUrl,
    ...extra,
    ...(extra.errors && { errors: extra.errors.map(withoutMyNumbers) }),
  };
};

/** Answers with `answer` as application/problem+json, under its status. */
export const sendProblem = (reply: FastifyReply, answer: ProblemDetails): FastifyReply =>
  reply.status(answer.status).header('content-type', 'application/problem+json').send(answer);

/** Fastify's own refusals (malformed JSON, a body too large, a wrong content type) carry a 4xx statusCode. */
type FastifyClientError = Error & { statusCode: number; code: string };

function isFastifyClientError(error: unknown): error is FastifyClientError {
  if (!(error instanceof Error) || !('statusCode' in error) || !('code' in error)) return false;
  const { statusCode, code } = error as { statusCode: unknown; code: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && String(code).startsWith('FST_');
}

/** Fastify's refusal as thrown, or as the cause of the HttpException Nest wraps a body parser's error in. */
function fastifyClientErrorOf(error: unknown): FastifyClientError | undefined {
  if (isFastifyClientError(error)) return error;
  return error instanceof Error && isFastifyClientError(error.cause) ? error.cause : undefined;
}

/** Fastify's wording where it repeats the whole path, or says too little. */
const fastifyDetails: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty, but its content type says JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the body must be application/json (application/x-ndjson for a batch)',
  FST_ERR_BAD_URL: 'the path is not a valid URL: a percent-encoded sequence is malformed or not UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: `a path parameter is longer than ${maxPathParameterLength} characters`,
};

/** The errors of the ledger's own making, mapped to their problem; undefined for anything else. */
export function problemOf(error: unknown, instance: string): ProblemDetails | undefined {
  if (error instanceof DomainError) {
    return problem(422, error.message, instance, { code: error.code, ...(error.rule && { rule: error.rule }) });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return problem(422, error.message, instance, { code: 'IDEMPOTENCY_KEY_REUSED' });
  }
  if (error instanceof WrongExpectedRevisionError) {
    const actual = error.actual === 'no_stream' ? 'has no event yet' : `is at revision ${error.actual}`;
    const detail = `the person was changed concurrently: expected revision ${String(error.expected)}, the stream ${actual}`;
    return problem(409, detail, instance, { code: 'CONFLICT' });
  }
  if (error instanceof EventStoreLimitError) return problem(422, error.message, instance, { code: error.limit });
  const fastifyError = fastifyClientErrorOf(error);
  if (fastifyError) {
    const detail = fastifyDetails[fastifyError.code] ?? fastifyError.message;
    return problem(fastifyError.statusCode, detail, instance, { code: fastifyError.code });
  }
  return undefined;
}
