import { applyDecorators, Delete, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { Allow } from '@ledger/access';
import { commandCatalogue, type CommandName, exampleBodies, exampleNotes } from '@ledger/ledger';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AccessAnswers } from '../read-side/documented-answers';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';
import { CommandAnswer } from './command-answer';
import { documentPathParams } from './command-paths';
// Documents the body classes' fields in the OpenAPI schema, once, before any route uses them.
import './documented-bodies';

/** One command route: insurer-clerk only, 201 with what was written, every answer documented. */
export const CommandRoute = (method: 'POST' | 'DELETE', path: string, name: CommandName, summary: string) =>
  applyDecorators(
    method === 'POST' ? Post(path) : Delete(path),
    HttpCode(HttpStatus.CREATED),
    ...documentPathParams(path),
    Allow('insurer-clerk'),
    UseGuards(UndeclaredQueryGuard),
    ApiOperation({ summary, description: `Batch command name: \`${name}\`.` }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      example: `b6a7c1f0-${name}-0001`,
      description:
        "One per command, the client's own: a repeat with the same body answers the first answer and writes nothing; " +
        'with another body, or on another command, 422. 1-128 printable ASCII characters, no space, no My Number',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      example: '3',
      description:
        'The stream revision last seen (a command answer gives it): 409 if the person changed since; ' +
        'eligibility checks, lookups and confirmations do not count as changes. -1: the person has no stream yet. ' +
        'Bare or quoted ("3"); a weak tag or * is 400',
    }),
    ApiHeader({
      name: 'Correlation-Id',
      required: false,
      example: 'move-2025-0042',
      description:
        "Kept in every event's metadata; 1-128 printable ASCII characters, no space, no My Number (a new UUID when absent)",
    }),
    ApiHeader({
      name: 'Causation-Id',
      required: false,
      example: 'letter-2025-0042',
      description:
        "Kept in every event's metadata; 1-128 printable ASCII characters, no space, no My Number (the Idempotency-Key when absent)",
    }),
    ApiBody({
      type: commandCatalogue[name].body,
      examples: { [name]: { value: exampleBodies[name], description: exampleNotes[name] } },
    }),
    ApiCreatedResponse({
      type: CommandAnswer,
      description: 'The events written, the stream revision and the global position (header Ledger-Position)',
      headers: { 'Ledger-Position': { description: 'Global position of the last event', schema: { type: 'integer' } } },
    }),
    ApiBadRequestResponse({
      description:
        'Malformed JSON, a wrong or unknown field, a missing Idempotency-Key, a malformed If-Match, Correlation-Id or Causation-Id',
    }),
    AccessAnswers('Not an insurer-clerk of this insurer'),
    ApiConflictResponse({ description: 'Another writer changed the person first, or If-Match is stale' }),
    ApiUnprocessableEntityResponse({
      description: 'A rule refused the command (`rule`, `code`), or the Idempotency-Key was used for another body',
    }),
  );
