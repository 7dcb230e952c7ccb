import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AccessRecorder } from '@ledger/access';
import { type EventStore } from '@ledger/event-store';
import { join } from 'node:path';
import { type Configuration } from '../configuration/configuration';
import { type ReadConfiguration } from '../configuration/read-configuration';
import { EligibilityChecks } from '../eligibility/eligibility-checks';
import { EligibilityController } from '../eligibility/eligibility.controller';
import { EVENT_STORE } from '../event-store/event-store.module';
import { FeedsController } from '../feeds/feeds.controller';
import { LedgerMetrics } from '../operations/ledger-metrics';
import { MetricsWiring } from '../operations/metrics-wiring';
import { OperationsController } from '../operations/operations.controller';
import { AuditExportController } from '../queries/audit-export.controller';
import { DocumentsController } from '../queries/documents.controller';
import { PersonReads } from '../queries/person-reads';
import { PersonsController } from '../queries/persons.controller';
import { WorklistsController } from '../queries/worklists.controller';
import { MinPositionGuard } from './min-position.guard';
import { ACCESS_RECORDER, READ_CONFIGURATION } from './tokens';

/**
 * Drains leftover access records at start. At shutdown, drains every record into the store once the
 * HTTP server has answered the requests in flight, which may still record an access, and before the
 * store closes (a global module, it shuts down after this one).
 */
@Injectable()
class AccessRecorderLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(ACCESS_RECORDER) private readonly recorder: AccessRecorder) {}

  onModuleInit(): void {
    this.recorder.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.recorder.close();
  }
}

/** Queries, eligibility checks, feeds and operations: everything that reads the ledger (issue 5). */
@Module({})
export class ReadSideModule {
  static with(configuration: Configuration, read: ReadConfiguration): DynamicModule {
    return {
      module: ReadSideModule,
      controllers: [
        PersonsController,
        DocumentsController,
        AuditExportController,
        WorklistsController,
        EligibilityController,
        FeedsController,
        OperationsController,
      ],
      providers: [
        { provide: READ_CONFIGURATION, useValue: read },
        {
          provide: ACCESS_RECORDER,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => {
            const logger = new Logger('AccessRecorder');
            return new AccessRecorder(store, join(configuration.LEDGER_DATA_DIR, 'access-outbox.db'), {
              straightToStore: configuration.LEDGER_STORE === 'sqlite',
              onDrainError: (error) => logger.warn(`an access record waits for the store: ${(error as Error).message}`),
            });
          },
        },
        AccessRecorderLifecycle,
        LedgerMetrics,
        MetricsWiring,
        MinPositionGuard,
        PersonReads,
        EligibilityChecks,
      ],
    };
  }
}
