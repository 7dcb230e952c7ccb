import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

export const minPositionHeader = {
  name: 'Ledger-Min-Position',
  required: false,
  description:
    'Answer only once the read models include this global position (read-your-writes); 400 for one after the head of the log, 503 if not reached in time',
};

/** The 400 of a route that reads no query parameter: one sent is refused by name. */
export const takesNoQuery = {
  description: 'A query parameter (this route takes none), named in `errors` (problem+json)',
};

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer' } },
};

/** The 401 of every route but /health and /docs. */
const unauthorized = {
  description:
    'No key or token, a malformed Authorization header, an unknown key, or a token refused, why said in `detail` (problem+json)',
};

/** The 503 of every route but /health and /docs; Swagger joins it to a route's own 503, if any. */
const tokenNotCheckable = {
  description:
    "With an identity provider's token: its keys could not be fetched (Retry-After) or cannot be used (problem+json)",
  headers: retryAfter,
};

/** The 503 of a route that waits for Ledger-Min-Position. */
export const minPositionNotReached = {
  description: 'The read models did not reach Ledger-Min-Position within LEDGER_MIN_POSITION_WAIT_MS (problem+json)',
  headers: retryAfter,
};

/** 401, 403 and 503, as the access guard answers them on every route but /health and /docs. */
export const AccessAnswers = (forbidden: string) =>
  applyDecorators(
    ApiUnauthorizedResponse(unauthorized),
    ApiForbiddenResponse({ description: `${forbidden} (problem+json)` }),
    ApiServiceUnavailableResponse(tokenNotCheckable),
  );

/** The 403 of a route under `/v1/insurers/{insurerNumber}`, read by insurer-clerks of that insurer and auditors. */
export const forbiddenOutsideInsurer = 'Not an insurer-clerk or auditor key, or an insurer-clerk of another insurer';

/**
 * What every query route may answer besides its 200, with the Ledger-Min-Position header it takes;
 * `forbidden` says who gets 403.
 */
export const ReadAnswers = (forbidden: string) =>
  applyDecorators(
    ApiHeader(minPositionHeader),
    ApiBadRequestResponse({
      description:
        'A malformed parameter, a Ledger-Min-Position that is malformed or after the head of the log, or a query parameter the route does not take, named in `errors` (problem+json)',
    }),
    AccessAnswers(forbidden),
    ApiServiceUnavailableResponse(minPositionNotReached),
  );
