import { Controller, Headers, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ledger/access';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type CommandAnswer } from './command-answer';
import { CommandEndpoint, type CommandHeaders } from './command-endpoint';
import { CommandInput, type CommandPathAndBody } from './command-input';
import { CommandRoute } from './command-route';

/** A person's documents: issuance, then delivery, return, loss or revocation (DOMAIN.md §4). */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/insurers/:insurerNumber/persons/:personId/documents')
export class DocumentCommandsController {
  constructor(private readonly commands: CommandEndpoint) {}

  @CommandRoute('POST', '', 'documents', 'Issues a document (DocumentIssued); answers its documentId')
  issue(
    @CommandInput('documents') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('documents', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/delivery', 'document-delivery', 'The document was delivered')
  deliver(
    @CommandInput('document-delivery') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-delivery', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/return', 'document-return', 'The document came back to the insurer')
  return(
    @CommandInput('document-return') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-return', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/loss', 'document-loss', 'The document was reported lost')
  loss(
    @CommandInput('document-loss') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-loss', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', ':documentId/revocation', 'document-revocation', 'The document is revoked')
  revoke(
    @CommandInput('document-revocation') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute('document-revocation', body, path, headers, principal, reply);
  }
}
