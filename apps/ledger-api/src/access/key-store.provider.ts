import { Logger, type Provider } from '@nestjs/common';
import { CreatedKeyListed, type ConfiguredKey, KeyStore, parseConfiguredKeys } from '@ledger/access';
import { join } from 'node:path';
import pino from 'pino';
import { type Configuration, ConfigurationError } from '../configuration/configuration';

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
    const { reinstated, unlisted } = syncConfigured(store, parsed.keys);
    if (unlisted > 0) {
      logger.warn(`${unlisted} configured API key(s) no longer listed in LEDGER_API_KEYS: revoked until listed again`);
    }
    if (reinstated > 0) logger.log(`${reinstated} configured API key(s) listed again in LEDGER_API_KEYS: usable again`);
    if (!store.hasUsableKey()) showFirstAdminKey(store);
    return store;
  },
});

/** A created key listed too is LEDGER_API_KEYS's fault: said as any bad value is, in one line and not as a crash. */
function syncConfigured(store: KeyStore, keys: readonly ConfiguredKey[]) {
  try {
    return store.addConfigured(keys);
  } catch (error) {
    if (error instanceof CreatedKeyListed) throw new ConfigurationError([`LEDGER_API_KEYS ${error.message}`]);
    throw error;
  }
}

/**
 * The key's only copy is written out at once, as a log line on stdout whatever LOG_LEVEL says: left
 * to the service's logger, which holds its lines until the start succeeds and drops those below
 * its level, it could be lost, and no later start made another while this one was usable. If it
 * cannot be written, it is revoked: nobody holds it, and the next start makes a new one.
 */
function showFirstAdminKey(store: KeyStore): void {
  const admin = store.create({ role: 'admin' });
  try {
    pino({ base: { context: 'Access' } }, pino.destination({ fd: process.stdout.fd, sync: true })).warn(
      { firstAdminKey: admin.key, keyId: admin.id },
      'No usable API key existed: created this admin key. It is shown only this once; keep it safe.',
    );
  } catch (error) {
    store.revoke(admin.id);
    throw new Error(
      `the first admin key could not be written out (${(error as Error).message}): ${admin.id} is revoked`,
      {
        cause: error,
      },
    );
  }
}
