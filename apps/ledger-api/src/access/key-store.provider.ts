import { Logger, type Provider } from '@nestjs/common';
import { KeyStore, parseConfiguredKeys } from '@ledger/access';
import { join } from 'node:path';
import { type Configuration } from '../configuration/configuration';

export const KEY_STORE = Symbol('KeyStore');

/**
 * Opens LEDGER_DATA_DIR/access.db and adds the configured keys. A ledger without any key would be
 * unusable, so the first start makes one admin key and prints it once: it is never shown again.
 */
export const keyStoreProvider = (configuration: Configuration): Provider => ({
  provide: KEY_STORE,
  useFactory: () => {
    const store = new KeyStore(join(configuration.LEDGER_DATA_DIR, 'access.db'));
    if (configuration.LEDGER_API_KEYS !== undefined) {
      const parsed = parseConfiguredKeys(configuration.LEDGER_API_KEYS);
      // Validated at start-up already; this only narrows the type.
      if (parsed.ok) store.addConfigured(parsed.keys);
    }
    if (store.isEmpty()) {
      const admin = store.create({ role: 'admin' });
      new Logger('Access').warn(
        { firstAdminKey: admin.key, keyId: admin.id },
        'No API key existed: created this admin key. It is shown only this once; keep it safe.',
      );
    }
    return store;
  },
});
