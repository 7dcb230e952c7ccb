import { Controller, Get, Inject } from '@nestjs/common';
import { type EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.module';
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
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOkResponse({ type: HealthStatus, description: 'The service is up and its store answers' })
  async health(): Promise<HealthStatus> {
    const headPosition = await this.store.headPosition();
    return { status: 'ok', version: packageVersion, uptimeSeconds: Math.round(process.uptime()), headPosition };
  }
}
