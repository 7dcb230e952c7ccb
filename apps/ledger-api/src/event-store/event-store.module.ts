import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  embeddedLogPath,
  type EventStore,
  type EventStoreConfiguration,
  openEventStore,
  type SubscriptionDrop,
} from '@ledger/event-store';
import { type Configuration } from '../configuration/configuration';

export const EVENT_STORE = Symbol('EventStore');

/** Closes the store last, once requests have drained, so queued appends are committed. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

const logger = new Logger('EventStore');

const dropCause = (error: unknown): string =>
  error === undefined ? 'ended by the server' : error instanceof Error ? error.message : JSON.stringify(error);

/** A drop is resumed on its own; the log shows drops that keep coming, which would otherwise show only as lag. */
const reportDrop = ({ error, resumingAfter }: SubscriptionDrop): void =>
  logger.warn(
    { err: error },
    `the subscription to the log dropped (${dropCause(error)}); ` + `resuming after position ${resumingAfter}`,
  );

/**
 * Every group commits in the log's writer thread, however small: this thread has requests to answer
 * meanwhile (ADR 0017).
 */
const embeddedLog = (dataDirectory: string): EventStoreConfiguration => ({
  kind: 'sqlite',
  path: embeddedLogPath(dataDirectory),
  appendsCommittedNearby: 0,
});

/** The one place that picks the store from configuration (LEDGER_STORE). */
@Module({})
export class EventStoreModule {
  static with(configuration: Configuration): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: () =>
            openEventStore(
              configuration.LEDGER_STORE === 'eventstoredb'
                ? { kind: 'eventstoredb', connectionString: configuration.EVENTSTORE_CONNECTION_STRING! }
                : embeddedLog(configuration.LEDGER_DATA_DIR),
              { onSubscriptionDropped: reportDrop },
            ),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
