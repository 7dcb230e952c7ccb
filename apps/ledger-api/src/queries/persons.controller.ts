import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow, CurrentPrincipal, type Principal } from '@ledger/access';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { forbiddenOutsideInsurer } from '../read-side/documented-answers';
import { QueryRoutes } from '../read-side/query-routes';
import { dateParameter, instantParameter, insurerNumberParameter, personIdParameter } from '../read-side/parameters';
import { auditTrailExample, documentsExample, qualificationExample } from './answer-examples';
import { PersonReads } from './person-reads';

@ApiTags('queries')
@ApiSecurity('bearer')
@QueryRoutes(forbiddenOutsideInsurer)
@ApiNotFoundResponse({ description: 'No such person of this insurer (problem+json)' })
@ApiParam({ name: 'insurerNumber', example: '123455' })
@ApiParam({ name: 'personId', example: 'P0000001' })
@Allow('insurer-clerk', 'auditor')
@Controller('v1/insurers/:insurerNumber/persons/:personId')
export class PersonsController {
  constructor(private readonly reads: PersonReads) {}

  @Get()
  @ApiOperation({
    summary: 'The qualification on a date (valid time), optionally as the ledger knew it at an instant (R42)',
    description: 'Every lookup is recorded as a PersonLookedUp access event (R40).',
  })
  @ApiQuery({ name: 'on', required: false, example: '2025-06-01', description: 'YYYY-MM-DD, default today (Japan)' })
  @ApiQuery({ name: 'asKnownAt', required: false, example: '2025-06-01T09:00:00+09:00' })
  @ApiOkResponse({
    description:
      'The qualification on the date; the address is left out for a restricted person unless the key may see it (R31)',
    schema: { example: qualificationExample },
  })
  qualification(
    @CurrentPrincipal() principal: Principal,
    @Param('insurerNumber') insurerNumber: string,
    @Param('personId') personId: string,
    @Query('on') on?: string,
    @Query('asKnownAt') asKnownAt?: string,
  ) {
    return this.reads.qualification(
      principal,
      insurerNumberParameter(insurerNumber),
      personIdParameter(personId),
      dateParameter(on, 'on'),
      instantParameter(asKnownAt, 'asKnownAt'),
    );
  }

  @Get('documents')
  @ApiOperation({ summary: "The person's documents with their state on a date, and what is due but not issued" })
  @ApiQuery({ name: 'on', required: false, example: '2025-06-01' })
  @ApiOkResponse({
    description:
      'Every document issued to the person with its state on the date (what ended it first) and the days its delivery, loss report and return were recorded for up to then, and the documents due but not issued',
    schema: { example: documentsExample },
  })
  documents(
    @CurrentPrincipal() principal: Principal,
    @Param('insurerNumber') insurerNumber: string,
    @Param('personId') personId: string,
    @Query('on') on?: string,
  ) {
    return this.reads.documents(
      principal,
      insurerNumberParameter(insurerNumber),
      personIdParameter(personId),
      dateParameter(on, 'on'),
    );
  }

  @Get('audit')
  @ApiOperation({ summary: "The person's audit trail: every event and every recorded access (R40)" })
  @ApiOkResponse({
    description:
      "One entry per event, in log order, with its hash (R41); a restricted person's access history only for the keys that may see it (R31)",
    schema: { example: auditTrailExample },
  })
  auditTrail(
    @CurrentPrincipal() principal: Principal,
    @Param('insurerNumber') insurerNumber: string,
    @Param('personId') personId: string,
  ) {
    return this.reads.auditTrail(principal, insurerNumberParameter(insurerNumber), personIdParameter(personId));
  }
}
