import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { embeddedLogPath, type EventStore } from '@ledger/event-store';
import { type HeldLock, type LiveProjector, LiveReadModels, readModelProjections } from '@ledger/projections';
import { join } from 'node:path';
import { type Configuration } from '../configuration/configuration';
import { EVENT_STORE } from '../event-store/event-store.module';

export const PROJECTOR = Symbol('Projector');
/** The read models (`LiveReadModels`): take `.db` for each query, a rebuild swaps the connection. */
export const LIVE_READ_MODELS = Symbol('LiveReadModels');
/** This process writes the read models: a rebuild by the CLI is refused while it runs, and a second API too. */
const READ_MODELS_LOCK = Symbol('ReadModelsLock');

/**
 * Starts following the store once the app is up. Closes the read models once the HTTP server has
 * answered every request in flight (an audit export streams from them to its last line), and before
 * the store closes: global modules shut down after the others, and this one before the store's.
 */
@Injectable()
class ProjectorLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
    @Inject(READ_MODELS_LOCK) private readonly lock: HeldLock,
  ) {}

  onModuleInit(): void {
    this.readModels.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readModels.close();
    this.lock.release();
  }
}

/** Read models stay local to each service replica: one SQLite file beside the store (ARCHITECTURE.md). */
@Module({})
export class ProjectionsModule {
  /** `lock`: taken before Nest starts (main.ts), so that a second service changes nothing, its key list included. */
  static with(configuration: Configuration, lock: HeldLock): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: READ_MODELS_LOCK, useValue: lock },
        {
          provide: LIVE_READ_MODELS,
          // After the lock: the read models are opened only by their one writer.
          inject: [EVENT_STORE, READ_MODELS_LOCK],
          useFactory: (store: EventStore) => {
            const logger = new Logger('Projector');
            const options = {
              path: join(configuration.LEDGER_DATA_DIR, 'read-models.db'),
              projections: readModelProjections,
              // On the embedded store the projector reads the log in a thread of its own (ADR 0017).
              ...(configuration.LEDGER_STORE !== 'eventstoredb' && {
                logPath: embeddedLogPath(configuration.LEDGER_DATA_DIR),
              }),
              projector: {
                onUnknownEventType: (type: string) => logger.warn(`skipping events of unknown type ${type}`),
                // Readiness turns 503 as well; the log is where an operator finds why, with the stack.
                onFailure: (error: unknown, checkpoint: number) =>
                  logger.error({ err: error }, `the projector stopped; the read models stay at position ${checkpoint}`),
              },
            };
            return LiveReadModels.openOnLog(store, options, (checkpoint, head) =>
              logger.warn(
                `the read models were at position ${checkpoint}, past the head of the log at ${head} (a log put back from a backup?): they are built again from the log`,
              ),
            );
          },
        },
        {
          provide: PROJECTOR,
          inject: [LIVE_READ_MODELS],
          useFactory: (readModels: LiveReadModels): LiveProjector => readModels.projector,
        },
        ProjectorLifecycle,
      ],
      exports: [PROJECTOR, LIVE_READ_MODELS],
    };
  }
}
