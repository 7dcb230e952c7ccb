import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, openEventStore } from '@ledger/event-store';
import { join } from 'node:path';
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
                : { kind: 'sqlite', path: join(configuration.LEDGER_DATA_DIR, 'events.db') },
            ),
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
