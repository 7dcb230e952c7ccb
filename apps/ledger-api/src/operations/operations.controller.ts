import { Controller, Get, Header, Inject, Logger, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import { Allow, Public } from '@ledger/access';
import { type LiveProjector } from '@ledger/projections';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AccessAnswers, takesNoQuery } from '../read-side/documented-answers';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';
import { type ReadConfiguration } from '../configuration/read-configuration';
import { PROJECTOR } from '../projections/projections.module';
import { READ_CONFIGURATION } from '../read-side/tokens';
import { LedgerMetrics } from './ledger-metrics';

@ApiTags('operations')
@Controller()
export class OperationsController {
  private readonly logger = new Logger('Readiness');

  constructor(
    @Inject(PROJECTOR) private readonly projector: LiveProjector,
    @Inject(READ_CONFIGURATION) private readonly configuration: ReadConfiguration,
    private readonly metrics: LedgerMetrics,
  ) {}

  @Public()
  @Get('health/ready')
  @ApiOperation({
    summary: 'Readiness: the store answers, the projector runs and lags at most LEDGER_READY_MAX_LAG positions',
  })
  @ApiOkResponse({
    description: 'The store answers and the read models lag at most LEDGER_READY_MAX_LAG positions',
    schema: { example: { status: 'ready', projectionLagPositions: 0, maxLag: 10000 } },
  })
  @ApiServiceUnavailableResponse({ description: 'Not ready: problem+json saying why' })
  async ready() {
    // Anyone may ask: the causes go to the log, where the projector's failure already is; an error's
    // message may quote stored data or name the store's host.
    let status;
    try {
      status = await this.projector.status();
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness: the event store does not answer');
      throw new ServiceUnavailableException('the event store does not answer; the service log says why');
    }
    const maxLag = this.configuration.LEDGER_READY_MAX_LAG;
    if (status.failure !== undefined) {
      throw new ServiceUnavailableException('the projector stopped; the service log says why');
    }
    if (status.lagPositions > maxLag) {
      throw new ServiceUnavailableException(
        `the read models are ${status.lagPositions} positions behind (at most ${maxLag})`,
      );
    }
    return { status: 'ready', projectionLagPositions: status.lagPositions, maxLag };
  }

  /** Operators (admin) and auditors; Prometheus scrapes with a key of one of those roles (README, Operations). */
  @Allow('admin', 'auditor')
  @ApiSecurity('bearer')
  @Get('metrics')
  @Header('cache-control', 'no-store')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The Prometheus text format',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          'ledger_projection_lag_positions 0\nledger_eligibility_checks_total{validity="1",method="numbers"} 42\n',
      },
    },
  })
  @AccessAnswers('Not an admin or an auditor')
  @ApiBadRequestResponse(takesNoQuery)
  @UseGuards(UndeclaredQueryGuard)
  @ApiOperation({
    summary: 'Prometheus metrics: request durations by route, append latency, projection lag, checks by validity',
  })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
