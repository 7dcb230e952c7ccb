import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type EventStore } from '@ledger/event-store';
import {
  AuditTrailProjection,
  DocumentIndexProjection,
  EligibilityIndexProjection,
  openReadModels,
  Projector,
  QualificationProjection,
} from '@ledger/projections';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { type Configuration } from '../configuration/configuration';
import { EVENT_STORE } from '../event-store/event-store.module';

export const PROJECTOR = Symbol('Projector');
/** The read models' SQLite connection, for the queries; only the projector writes to it. */
export const READ_MODELS = Symbol('ReadModels');

/** Starts following the store once the app is up, and stops before the store closes. */
@Injectable()
class ProjectorLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  onModuleInit(): void {
    this.projector.start();
  }

  onModuleDestroy(): void {
    this.projector.stop();
  }
}

/** Read models stay local to each service replica: one SQLite file beside the store (ARCHITECTURE.md). */
@Module({})
export class ProjectionsModule {
  static with(configuration: Configuration): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        {
          provide: READ_MODELS,
          useFactory: () => openReadModels(join(configuration.LEDGER_DATA_DIR, 'read-models.db')),
        },
        {
          provide: PROJECTOR,
          inject: [EVENT_STORE, READ_MODELS],
          useFactory: (store: EventStore, db: Database.Database) => {
            const logger = new Logger('Projector');
            const projections = [
              new QualificationProjection(),
              new AuditTrailProjection(),
              new EligibilityIndexProjection(),
              new DocumentIndexProjection(),
            ];
            return new Projector(store, db, projections, {
              name: 'read-models',
              onUnknownEventType: (type) => logger.warn(`skipping events of unknown type ${type}`),
            });
          },
        },
        ProjectorLifecycle,
      ],
      exports: [PROJECTOR, READ_MODELS],
    };
  }
}
