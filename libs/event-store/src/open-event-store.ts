import { type EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export type EventStoreConfiguration =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** Chooses the adapter behind the port: the embedded store by default, EventStoreDB when clustered. */
export function openEventStore(configuration: EventStoreConfiguration): EventStore {
  switch (configuration.kind) {
    case 'sqlite':
      return new SqliteEventStore({ path: configuration.path });
    case 'eventstoredb':
      return EventStoreDbEventStore.connect(configuration.connectionString);
  }
}
