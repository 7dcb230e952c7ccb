import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { packageVersion } from '../package-version';

export class HealthStatus {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  readonly status!: 'ok';

  @ApiProperty({ example: '0.1.0', description: 'Version of the ledger service' })
  readonly version!: string;

  @ApiProperty({ example: 42, description: 'Seconds since the process started' })
  readonly uptimeSeconds!: number;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOkResponse({ type: HealthStatus, description: 'The service is up and answering' })
  health(): HealthStatus {
    return { status: 'ok', version: packageVersion, uptimeSeconds: Math.round(process.uptime()) };
  }
}
