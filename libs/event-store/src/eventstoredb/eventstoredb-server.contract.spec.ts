import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract(`EventStoreDB server (${connectionString.replace(/\/\/[^@]*@/, '//')})`, () => {
    let store = EventStoreDbEventStore.connect(connectionString);
    return Promise.resolve({
      store,
      reopen: async () => {
        await store.close();
        store = EventStoreDbEventStore.connect(connectionString);
        return store;
      },
      dispose: () => store.close(),
    });
  });
} else {
  describe('EventStore contract: EventStoreDB server', () => {
    it.skip('skipped: set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run the contract against a server', () =>
      undefined);
  });
  process.stdout.write('EventStoreDB contract suite skipped: EVENTSTORE_CONNECTION_STRING is not set.\n');
}
