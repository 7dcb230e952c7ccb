import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('SQLite (embedded)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-store-'));
  const path = join(directory, 'events.db');
  let store = new SqliteEventStore({ path });
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = new SqliteEventStore({ path });
      return store;
    },
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});
