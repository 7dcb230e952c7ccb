import { type DynamicModule, Module } from '@nestjs/common';
import { type LedgerPolicy } from '@ledger/domain';
import { type HeldLock } from '@ledger/projections';
import { type Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { BatchesModule } from './batches/batches.module';
import { CommandsModule } from './commands/commands.module';
import { type Configuration } from './configuration/configuration';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthController } from './health/health.controller';
import { loggingModule } from './logging/logging.module';
import { LEDGER_POLICY } from './configuration/policy';
import { ProjectionsModule } from './projections/projections.module';
import { type ReadConfiguration } from './configuration/read-configuration';
import { ReadSideModule } from './read-side/read-side.module';

@Module({})
export class AppModule {
  static with(
    configuration: Configuration,
    read: ReadConfiguration,
    policy: LedgerPolicy,
    logger: Logger,
    readModelsLock: HeldLock,
  ): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: LEDGER_POLICY, useValue: policy }],
      exports: [LEDGER_POLICY],
      imports: [
        loggingModule(logger),
        EventStoreModule.with(configuration),
        ProjectionsModule.with(configuration, readModelsLock),
        AccessModule.with(configuration),
        CommandsModule,
        BatchesModule,
        ReadSideModule.with(configuration, read),
      ],
      controllers: [HealthController],
    };
  }
}
