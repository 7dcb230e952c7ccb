import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Allow, withoutMyNumber } from '@ledger/access';
import { type LedgerPolicy } from '@ledger/domain';
import { certificatesDue, legacyCardsLapsing, type LiveReadModels } from '@ledger/projections';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { LEDGER_POLICY } from '../configuration/policy';
import { LIVE_READ_MODELS } from '../projections/projections.module';
import { forbiddenOutsideInsurer } from '../read-side/documented-answers';
import { QueryRoutes } from '../read-side/query-routes';
import { dateParameter, dateRangeParameters, insurerNumberParameter } from '../read-side/parameters';
import { certificatesDueExample, legacyCardsLapsingExample } from './answer-examples';

/**
 * Worklists are for the insurer's clerks and auditors, who may see restricted persons' data (R31):
 * only My Numbers are taken out, an id stored as one included.
 */
@ApiTags('queries')
@ApiSecurity('bearer')
@QueryRoutes(forbiddenOutsideInsurer)
@ApiParam({ name: 'insurerNumber', example: '123455' })
@Allow('insurer-clerk', 'auditor')
@Controller('v1/insurers/:insurerNumber/worklists')
export class WorklistsController {
  constructor(
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
    @Inject(LEDGER_POLICY) private readonly policy: LedgerPolicy,
  ) {}

  @Get('certificates-due')
  @ApiOperation({ summary: 'Who must have an eligibility certificate by a date, and by which rule (R20-R23, R37)' })
  @ApiQuery({ name: 'on', required: false, example: '2025-08-01' })
  @ApiOkResponse({
    description: 'One entry per certificate due, with its rule',
    schema: { example: certificatesDueExample },
  })
  certificatesDue(@Param('insurerNumber') insurerNumber: string, @Query('on') on?: string) {
    const insurer = insurerNumberParameter(insurerNumber);
    const date = dateParameter(on, 'on');
    return {
      insurerNumber: insurer,
      on: date,
      due: [...certificatesDue(this.readModels.db, insurer, date, this.policy)].map(withoutMyNumber),
    };
  }

  @Get('legacy-cards-lapsing')
  @ApiOperation({ summary: 'Whose legacy cards stop counting within [from, to] (R11, R12)' })
  @ApiQuery({ name: 'from', example: '2025-07-01' })
  @ApiQuery({ name: 'to', example: '2025-12-31' })
  @ApiOkResponse({
    description: 'One entry per legacy card, with the first day it no longer counts',
    schema: { example: legacyCardsLapsingExample },
  })
  legacyCardsLapsing(
    @Param('insurerNumber') insurerNumber: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const insurer = insurerNumberParameter(insurerNumber);
    const [start, end] = dateRangeParameters(from, to);
    return {
      insurerNumber: insurer,
      from: start,
      to: end,
      lapsing: [...legacyCardsLapsing(this.readModels.db, insurer, start, end, this.policy)].map(withoutMyNumber),
    };
  }
}
