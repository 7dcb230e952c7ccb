import { Controller, Headers, Param, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ledger/access';
import { type CommandName } from '@ledger/ledger';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type CommandAnswer } from './command-answer';
import { CommandEndpoint, type CommandHeaders } from './command-endpoint';
import { PersonPath } from './command-paths';
import { CommandBody } from './command-body.pipe';
import { CommandRoute } from './command-route';

/** Commands on a person's qualification, card registration and protection (DOMAIN.md §4). */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/insurers/:insurerNumber/persons/:personId')
export class PersonCommandsController {
  constructor(private readonly commands: CommandEndpoint) {}

  @CommandRoute('POST', 'enrolment', 'enrolment', 'Enrolment (資格取得): QualificationAcquired')
  enrolment(
    @Param() path: PersonPath,
    @CommandBody('enrolment') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('enrolment', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'withdrawal', 'withdrawal', 'Withdrawal (資格喪失): QualificationLost')
  withdrawal(
    @Param() path: PersonPath,
    @CommandBody('withdrawal') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('withdrawal', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'details-change', 'details-change', 'A change of printed details: QualificationDetailsChanged')
  detailsChange(
    @Param() path: PersonPath,
    @CommandBody('details-change') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('details-change', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'card-registration', 'card-registration', 'Card registration (利用登録): CardRegistered')
  cardRegistration(
    @Param() path: PersonPath,
    @CommandBody('card-registration') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('card-registration', body, path, headers, principal, reply);
  }

  @CommandRoute(
    'POST',
    'registration-cancellation-request',
    'registration-cancellation-request',
    'Cancellation request (解除申請): RegistrationCancellationRequested',
  )
  registrationCancellationRequest(
    @Param() path: PersonPath,
    @CommandBody('registration-cancellation-request') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('registration-cancellation-request', body, path, headers, principal, reply);
  }

  @CommandRoute(
    'POST',
    'registration-cancellation',
    'registration-cancellation',
    'The cancellation takes effect: RegistrationCancelled',
  )
  registrationCancellation(
    @Param() path: PersonPath,
    @CommandBody('registration-cancellation') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('registration-cancellation', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'viewing-restriction', 'viewing-restriction', 'Files a viewing restriction (閲覧制限)')
  fileViewingRestriction(
    @Param() path: PersonPath,
    @CommandBody('viewing-restriction') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('viewing-restriction', body, path, headers, principal, reply);
  }

  @CommandRoute('DELETE', 'viewing-restriction', 'viewing-restriction-lift', 'Lifts a viewing restriction')
  liftViewingRestriction(
    @Param() path: PersonPath,
    @CommandBody('viewing-restriction-lift') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('viewing-restriction-lift', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'care-needs', 'care-needs', 'Recognises care needs (要配慮者)')
  recognizeCareNeeds(
    @Param() path: PersonPath,
    @CommandBody('care-needs') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('care-needs', body, path, headers, principal, reply);
  }

  @CommandRoute('DELETE', 'care-needs', 'care-needs-end', 'Ends care needs')
  endCareNeeds(
    @Param() path: PersonPath,
    @CommandBody('care-needs-end') body: object,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('care-needs-end', body, path, headers, principal, reply);
  }

  private run(
    name: CommandName,
    body: object,
    path: PersonPath,
    headers: CommandHeaders,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute(name, body, path, headers, principal, reply);
  }
}
