import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@ledger/access';
import { type LiveProjector } from '@ledger/projections';
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

  @ApiProperty({
    example: 1234,
    required: false,
    description:
      'Global position of the last event in the store (0 when empty); absent while the store does not answer',
  })
  readonly headPosition?: number;

  @ApiProperty({ example: 1234, description: 'Position up to which the read models have applied the log' })
  readonly projectionCheckpoint!: number;

  @ApiProperty({
    example: 0,
    required: false,
    description:
      'Head position minus checkpoint: events with the embedded store, bytes of transaction log with EventStoreDB; absent while the store does not answer',
  })
  readonly projectionLagPositions?: number;

  @ApiProperty({
    enum: ['answers', 'does-not-answer'],
    example: 'answers',
    description:
      'Whether the event store answered within a second; readiness (/health/ready) depends on it, liveness does not',
  })
  readonly eventStore!: 'answers' | 'does-not-answer';
}

/** How long liveness waits for the store's head before it answers without it. */
const storeWaitMs = 1000;

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(PROJECTOR) private readonly projector: LiveProjector) {}

  /**
   * Liveness: the process serves requests. A store that does not answer (a cluster down) is said,
   * not failed: an orchestrator restarting every replica would not bring the cluster back.
   */
  @Get()
  @ApiOkResponse({ type: HealthStatus, description: 'The service is up; the store’s head when it answers' })
  async health(): Promise<HealthStatus> {
    const status = await this.storeStatus();
    return {
      status: 'ok',
      version: packageVersion,
      uptimeSeconds: Math.round(process.uptime()),
      ...(status && { headPosition: status.head }),
      projectionCheckpoint: this.projector.checkpoint,
      ...(status && { projectionLagPositions: status.lagPositions }),
      eventStore: status ? 'answers' : 'does-not-answer',
    };
  }

  private async storeStatus(): Promise<{ head: number; lagPositions: number } | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), storeWaitMs)));
    try {
      return await Promise.race([this.projector.status(), late]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
