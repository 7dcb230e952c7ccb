import { Controller, Headers, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ledger/access';
import { type CommandName } from '@ledger/ledger';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type CommandAnswer } from './command-answer';
import { CommandEndpoint, type CommandHeaders, type CommandPath } from './command-endpoint';
import { CommandInput, type CommandPathAndBody } from './command-input';
import { CommandRoute } from './command-route';

/** Commands on a person's qualification, card registration and protection (DOMAIN.md §4). */
@ApiTags('commands')
@ApiBearerAuth()
@Controller('v1/insurers/:insurerNumber/persons/:personId')
export class PersonCommandsController {
  constructor(private readonly commands: CommandEndpoint) {}

  @CommandRoute('POST', 'enrolment', 'enrolment', 'Enrolment (資格取得): QualificationAcquired')
  enrolment(
    @CommandInput('enrolment') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('enrolment', body, path, headers, principal, reply);
  }

  @CommandRoute(
    'POST',
    'enrolment-correction',
    'enrolment-correction',
    'Corrects an enrolment recorded wrongly: QualificationAcquiredCorrected, naming the QualificationAcquired by its event id',
  )
  enrolmentCorrection(
    @CommandInput('enrolment-correction') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('enrolment-correction', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'withdrawal', 'withdrawal', 'Withdrawal (資格喪失): QualificationLost')
  withdrawal(
    @CommandInput('withdrawal') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('withdrawal', body, path, headers, principal, reply);
  }

  @CommandRoute(
    'POST',
    'withdrawal-correction',
    'withdrawal-correction',
    'Corrects a withdrawal recorded wrongly: QualificationLostCorrected, naming the QualificationLost by its event id',
  )
  withdrawalCorrection(
    @CommandInput('withdrawal-correction') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('withdrawal-correction', body, path, headers, principal, reply);
  }

  @CommandRoute(
    'POST',
    'details-change',
    'details-change',
    'A change of printed details: QualificationDetailsChanged, or QualificationDetailsConfirmed when every detail was in force already',
  )
  detailsChange(
    @CommandInput('details-change') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('details-change', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'card-registration', 'card-registration', 'Card registration (利用登録): CardRegistered')
  cardRegistration(
    @CommandInput('card-registration') { path, body }: CommandPathAndBody,
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
    @CommandInput('registration-cancellation-request') { path, body }: CommandPathAndBody,
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
    @CommandInput('registration-cancellation') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('registration-cancellation', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'viewing-restriction', 'viewing-restriction', 'Files a viewing restriction (閲覧制限)')
  fileViewingRestriction(
    @CommandInput('viewing-restriction') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('viewing-restriction', body, path, headers, principal, reply);
  }

  @CommandRoute('DELETE', 'viewing-restriction', 'viewing-restriction-lift', 'Lifts a viewing restriction')
  liftViewingRestriction(
    @CommandInput('viewing-restriction-lift') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('viewing-restriction-lift', body, path, headers, principal, reply);
  }

  @CommandRoute('POST', 'care-needs', 'care-needs', 'Recognises care needs (要配慮者)')
  recognizeCareNeeds(
    @CommandInput('care-needs') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('care-needs', body, path, headers, principal, reply);
  }

  @CommandRoute('DELETE', 'care-needs', 'care-needs-end', 'Ends care needs')
  endCareNeeds(
    @CommandInput('care-needs-end') { path, body }: CommandPathAndBody,
    @Headers() headers: CommandHeaders,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.run('care-needs-end', body, path, headers, principal, reply);
  }

  private run(
    name: CommandName,
    body: Record<string, unknown>,
    path: CommandPath,
    headers: CommandHeaders,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<CommandAnswer> {
    return this.commands.execute(name, body, path, headers, principal, reply);
  }
}
