import { Logger, type Provider } from '@nestjs/common';
import { KeyStore, parseConfiguredKeys } from '@ledger/access';
import { join } from 'node:path';
import { type Configuration } from '../configuration/configuration';

export const KEY_STORE = Symbol('KeyStore');

/**
 * Opens LEDGER_DATA_DIR/access.db and syncs the configured keys on every start: an absent
 * LEDGER_API_KEYS means no configured key, so every key it listed before is revoked until it is
 * listed again, and the log says so. A ledger
 * without any usable key would be unusable, so a start that finds none (the first start, or one
 * after every key was revoked) makes one admin key and prints it once: it is never shown again.
 */
export const keyStoreProvider = (configuration: Configuration): Provider => ({
  provide: KEY_STORE,
  useFactory: () => {
    const store = new KeyStore(join(configuration.LEDGER_DATA_DIR, 'access.db'));
    const parsed = parseConfiguredKeys(configuration.LEDGER_API_KEYS ?? '[]');
    // Validated at start-up already: a bad list never gets here, so this only narrows the type.
    if (!parsed.ok) throw new Error(`LEDGER_API_KEYS ${parsed.reason}`);
    const logger = new Logger('Access');
    const { reinstated, unlisted } = store.addConfigured(parsed.keys);
    if (unlisted > 0) {
      logger.warn(`${unlisted} configured API key(s) no longer listed in LEDGER_API_KEYS: revoked until listed again`);
    }
    if (reinstated > 0) logger.log(`${reinstated} configured API key(s) listed again in LEDGER_API_KEYS: usable again`);
    if (!store.hasUsableKey()) {
      const admin = store.create({ role: 'admin' });
      logger.warn(
        { firstAdminKey: admin.key, keyId: admin.id },
        'No usable API key existed: created this admin key. It is shown only this once; keep it safe.',
      );
    }
    return store;
  },
});
