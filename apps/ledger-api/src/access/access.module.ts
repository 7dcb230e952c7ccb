import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type KeyStore } from '@ledger/access';
import { type Configuration } from '../configuration/configuration';
import { AccessGuard } from './access.guard';
import { AdminKeysController } from './admin-keys.controller';
import { identityTokensProvider } from './identity-tokens.provider';
import { KEY_STORE, keyStoreProvider } from './key-store.provider';

@Injectable()
class KeyStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  onApplicationShutdown(): void {
    this.keys.close();
  }
}

/** API keys, an identity provider's tokens, the global guard every route passes, and the admin routes that manage keys. */
@Module({})
export class AccessModule {
  static with(configuration: Configuration): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [
        keyStoreProvider(configuration),
        identityTokensProvider(configuration),
        KeyStoreLifecycle,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      controllers: [AdminKeysController],
      exports: [KEY_STORE],
    };
  }
}
