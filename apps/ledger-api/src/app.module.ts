import { type DynamicModule, Module } from '@nestjs/common';
import { type Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { BatchesModule } from './batches/batches.module';
import { CommandsModule } from './commands/commands.module';
import { type Configuration } from './configuration/configuration';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthController } from './health/health.controller';
import { loggingModule } from './logging/logging.module';
import { ProjectionsModule } from './projections/projections.module';
import { type ReadConfiguration } from './configuration/read-configuration';
import { ReadSideModule } from './read-side/read-side.module';

@Module({})
export class AppModule {
  static with(configuration: Configuration, read: ReadConfiguration, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule(logger),
        EventStoreModule.with(configuration),
        ProjectionsModule.with(configuration),
        AccessModule.with(configuration),
        CommandsModule,
        BatchesModule,
        ReadSideModule.with(configuration, read),
      ],
      controllers: [HealthController],
    };
  }
}
