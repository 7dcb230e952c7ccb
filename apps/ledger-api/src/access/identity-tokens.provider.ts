import { Logger, type Provider } from '@nestjs/common';
import { IdentityTokens } from '@ledger/access';
import { type Configuration, identityProviderOf } from '../configuration/configuration';

export const IDENTITY_TOKENS = Symbol('IdentityTokens');

/** The identity provider's tokens, or null when none is configured: then only API keys are taken. */
export const identityTokensProvider = (configuration: Configuration): Provider => ({
  provide: IDENTITY_TOKENS,
  useFactory: () => {
    const provider = identityProviderOf(configuration);
    const logger = new Logger('Access');
    return provider ? IdentityTokens.of(provider, (problem) => logger.warn(problem)) : null;
  },
});
