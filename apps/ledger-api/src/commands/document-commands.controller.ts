import { Controller, Headers, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ledger/access';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type CommandAnswer } from './command-answer';
import { CommandEndpoint, type CommandHeaders, type CommandPath } from './command-endpoint';
import { CommandPathParams } from './command-paths';
import { CommandBody } from './command-body.pipe';
import { CommandRoute } from './command-route';

/** A person's documents: issuance, then delivery, return, loss or revocation (DOMAIN.md §4). */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/insurers/:insurerNumber/persons/:personId/documents')
export class DocumentCommandsController {
  constructor(private readonly commands: CommandEndpoint) {}

  @CommandRoute('POST', '', 'documents', 'Issues a document (DocumentIssued); answers its documentId')
  issue(
    @CommandPathParams() path: CommandPath,
    @CommandBody('documents') body: Record<string, unknown>,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('documents', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/delivery', 'document-delivery', 'The document was delivered')
  deliver(
    @CommandPathParams() path: CommandPath,
    @CommandBody('document-delivery') body: Record<string, unknown>,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-delivery', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/return', 'document-return', 'The document came back to the insurer')
  return(
    @CommandPathParams() path: CommandPath,
    @CommandBody('document-return') body: Record<string, unknown>,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-return', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/loss', 'document-loss', 'The document was reported lost')
  loss(
    @CommandPathParams() path: CommandPath,
    @CommandBody('document-loss') body: Record<string, unknown>,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-loss', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/revocation', 'document-revocation', 'The document is revoked')
  revoke(
    @CommandPathParams() path: CommandPath,
    @CommandBody('document-revocation') body: Record<string, unknown>,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-revocation', body, path, headers, principal, reply);
  }
}
