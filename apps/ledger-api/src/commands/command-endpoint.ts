import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@ledger/access';
import { type DocumentId, type InsurerNumber, type PersonId } from '@ledger/domain';
import { type CommandHandler, type CommandName, toCommand } from '@ledger/ledger';
import { type FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { type CommandAnswer, toAnswer } from './command-answer';
import { expectedRevisionOf, requireIdempotencyKey, traceIdOf } from './command-headers';

export const COMMAND_HANDLER = Symbol('CommandHandler');

export interface CommandHeaders {
  readonly 'idempotency-key'?: string;
  readonly 'if-match'?: string;
  readonly 'correlation-id'?: string;
  readonly 'causation-id'?: string;
}

export interface CommandPath {
  readonly insurerNumber: InsurerNumber;
  readonly personId: PersonId;
  readonly documentId?: DocumentId;
}

/** Turns a validated HTTP request into the use case's request, and its outcome into the 201 answer. */
@Injectable()
export class CommandEndpoint {
  constructor(@Inject(COMMAND_HANDLER) private readonly handler: CommandHandler) {}

  async execute(
    name: CommandName,
    body: Readonly<Record<string, unknown>>,
    path: CommandPath,
    headers: CommandHeaders,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<CommandAnswer> {
    const idempotencyKey = requireIdempotencyKey(headers['idempotency-key']);
    const expectedRevision = expectedRevisionOf(headers['if-match']);
    const correlationId = traceIdOf(headers['correlation-id'], 'Correlation-Id');
    const causationId = traceIdOf(headers['causation-id'], 'Causation-Id');
    const target = { ...path, idempotencyKey };
    const outcome = await this.handler.handle({
      insurerNumber: path.insurerNumber,
      personId: path.personId,
      command: toCommand(name, body, target),
      idempotencyKey,
      ...(expectedRevision !== undefined && { expectedRevision }),
      actor: { keyId: principal.keyId, role: principal.role },
      channel: 'api',
      correlationId: correlationId ?? randomUUID(),
      ...(causationId !== undefined && { causationId }),
    });
    void reply.header('ledger-position', String(outcome.position));
    return toAnswer(outcome);
  }
}
