import { join } from 'node:path';
import { type EventStore } from './event-store.port';
import { EventStoreDbEventStore, type EventStoreDbOptions } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';

export type { SubscriptionDrop } from './eventstoredb/eventstoredb-event-store';

/** Where the embedded store keeps its log in a data directory, for the API and the CLI alike. */
export const embeddedLogPath = (dataDirectory: string): string => join(dataDirectory, 'events.db');

export type EventStoreConfiguration =
  | ({ readonly kind: 'sqlite' } & Pick<SqliteEventStoreOptions, 'path' | 'appendsCommittedNearby'>)
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/**
 * Chooses the adapter behind the port: the embedded store by default, EventStoreDB when clustered.
 * The embedded store's subscriptions never drop, so `onSubscriptionDropped` concerns EventStoreDB alone.
 */
export function openEventStore(
  configuration: EventStoreConfiguration,
  hooks: Pick<EventStoreDbOptions, 'onSubscriptionDropped'> = {},
): EventStore {
  switch (configuration.kind) {
    case 'sqlite': {
      const { kind: _sqlite, ...options } = configuration;
      return new SqliteEventStore(options);
    }
    case 'eventstoredb':
      return EventStoreDbEventStore.connect(configuration.connectionString, hooks);
  }
}
