import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@ledger/access';
import { type Projector } from '@ledger/projections';
import { PROJECTOR } from '../projections/projections.module';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { packageVersion } from '../package-version';

export class HealthStatus {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  readonly status!: 'ok';

  @ApiProperty({ example: '0.1.0', description: 'Version of the ledger service' })
  readonly version!: string;

  @ApiProperty({ example: 42, description: 'Seconds since the process started' })
  readonly uptimeSeconds!: number;

  @ApiProperty({ example: 1234, description: 'Global position of the last event in the store (0 when empty)' })
  readonly headPosition!: number;

  @ApiProperty({ example: 1234, description: 'Position up to which the read models have applied the log' })
  readonly projectionCheckpoint!: number;

  @ApiProperty({
    example: 0,
    description:
      'Head position minus checkpoint: events with the embedded store, bytes of transaction log with EventStoreDB',
  })
  readonly projectionLagPositions!: number;
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Get()
  @ApiOkResponse({ type: HealthStatus, description: 'The service is up and its store answers' })
  async health(): Promise<HealthStatus> {
    const { head, checkpoint, lagPositions } = await this.projector.status();
    return {
      status: 'ok',
      version: packageVersion,
      uptimeSeconds: Math.round(process.uptime()),
      headPosition: head,
      projectionCheckpoint: checkpoint,
      projectionLagPositions: lagPositions,
    };
  }
}
