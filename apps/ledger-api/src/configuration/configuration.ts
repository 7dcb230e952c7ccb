import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { WholeNumber } from './whole-number';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  Matches,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
import type { IdentityProvider } from '@ledger/access';
import { parseConfiguredKeys } from '@ledger/access/keys';
import { connectionStringProblem } from '@ledger/event-store';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export const storeKinds = ['sqlite', 'eventstoredb'] as const;
export type StoreKind = (typeof storeKinds)[number];

const validApiKeys = () =>
  ValidateBy({
    name: 'apiKeys',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseConfiguredKeys(value).ok,
      defaultMessage: (args) => {
        const parsed = typeof args?.value === 'string' ? parseConfiguredKeys(args.value) : undefined;
        return `LEDGER_API_KEYS ${parsed && !parsed.ok ? parsed.reason : 'must be a JSON array'}`;
      },
    },
  });

/** Read by the EventStoreDB client itself, whose words name what it cannot use, never the password. */
const validConnectionString = () =>
  ValidateBy({
    name: 'connectionString',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && connectionStringProblem(value) === undefined,
      defaultMessage: (args) => {
        const problem = typeof args?.value === 'string' ? connectionStringProblem(args.value) : undefined;
        return `EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string when LEDGER_STORE=eventstoredb${problem ? `: ${problem}` : ''}`;
      },
    },
  });

const loopbackHosts: ReadonlySet<string> = new Set(['localhost', '[::1]']);

/**
 * Over plain HTTP anyone on the path could hand the ledger keys of their own and sign tokens with
 * them: only a provider on this machine (a sidecar, a test) may be reached without TLS.
 */
const jwksUrlProblem = (value: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  // fetch refuses such a URL, and its refusal would repeat the password.
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  if (url.protocol === 'https:') return undefined;
  const loopback = loopbackHosts.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  return url.protocol === 'http:' && loopback ? undefined : 'must be an https:// URL (http:// only on this machine)';
};

const validJwksUrl = () =>
  ValidateBy({
    name: 'jwksUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && jwksUrlProblem(value) === undefined,
      defaultMessage: (args) =>
        `LEDGER_JWKS_URL ${
          typeof args?.value === 'string'
            ? jwksUrlProblem(args.value)
            : 'must be set when LEDGER_JWT_ISSUER or LEDGER_JWT_AUDIENCE is: without the keys, no token could be checked'
        }`,
    },
  });

/** Any of the three asks for an identity provider, which needs all three: one alone would be ignored. */
const identityProviderAsked = (configuration: Configuration): boolean =>
  configuration.LEDGER_JWKS_URL !== undefined ||
  configuration.LEDGER_JWT_ISSUER !== undefined ||
  configuration.LEDGER_JWT_AUDIENCE !== undefined;

/** Variables holding credentials (a connection string or a URL may hold a password): an error names them but never repeats their value. */
const secrets: ReadonlySet<string> = new Set(['LEDGER_API_KEYS', 'EVENTSTORE_CONNECTION_STRING', 'LEDGER_JWKS_URL']);

/** The service's settings, read from the environment once at start-up (README, Configuration). */
export class Configuration {
  @WholeNumber()
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  readonly PORT: number = 3000;

  @IsString()
  @IsNotEmpty({ message: 'HOST must not be empty' })
  readonly HOST: string = '0.0.0.0';

  @IsString()
  @IsNotEmpty({ message: 'LEDGER_DATA_DIR must not be empty' })
  readonly LEDGER_DATA_DIR: string = './data';

  @IsIn(logLevels, { message: `LOG_LEVEL must be one of ${logLevels.join(', ')}` })
  readonly LOG_LEVEL: LogLevel = 'info';

  @IsIn(storeKinds, { message: `LEDGER_STORE must be one of ${storeKinds.join(', ')}` })
  readonly LEDGER_STORE: StoreKind = 'sqlite';

  @ValidateIf((configuration: Configuration) => configuration.LEDGER_STORE === 'eventstoredb')
  @validConnectionString()
  readonly EVENTSTORE_CONNECTION_STRING?: string;

  /**
   * How long a shutdown (SIGTERM) waits for the requests in flight before it cuts their connections
   * and closes the store: a client that never ends its body would otherwise hold it for ever.
   */
  @WholeNumber()
  @IsInt({ message: 'LEDGER_SHUTDOWN_GRACE_MS must be an integer number of milliseconds, 1 to 600000' })
  @Min(1, { message: 'LEDGER_SHUTDOWN_GRACE_MS must be an integer number of milliseconds, 1 to 600000' })
  @Max(600_000, { message: 'LEDGER_SHUTDOWN_GRACE_MS must be an integer number of milliseconds, 1 to 600000' })
  readonly LEDGER_SHUTDOWN_GRACE_MS: number = 20_000;

  /** JSON array of `{ "key", "role", "insurers"?, "medicalInstitutions"? }`: keys that work from the first start (README, Configuration). */
  @IsOptional()
  @validApiKeys()
  readonly LEDGER_API_KEYS?: string;

  /** The JWKS of an identity provider whose bearer JWTs the ledger takes beside API keys (README, Configuration). */
  @ValidateIf(identityProviderAsked)
  @validJwksUrl()
  readonly LEDGER_JWKS_URL?: string;

  /** The `iss` the provider's tokens carry. */
  @ValidateIf(identityProviderAsked)
  @Matches(/\S/, {
    message: "LEDGER_JWT_ISSUER must be set with LEDGER_JWKS_URL: the provider's tokens name it as iss",
  })
  readonly LEDGER_JWT_ISSUER?: string;

  /** The `aud` the provider's tokens for the ledger carry: a token for another service is refused. */
  @ValidateIf(identityProviderAsked)
  @Matches(/\S/, {
    message: 'LEDGER_JWT_AUDIENCE must be set with LEDGER_JWKS_URL: the tokens for the ledger name it as aud',
  })
  readonly LEDGER_JWT_AUDIENCE?: string;
}

/** The identity provider whose tokens the ledger takes, when one is configured. */
export const identityProviderOf = (configuration: Configuration): IdentityProvider | undefined =>
  configuration.LEDGER_JWKS_URL === undefined
    ? undefined
    : {
        jwksUrl: new URL(configuration.LEDGER_JWKS_URL),
        issuer: configuration.LEDGER_JWT_ISSUER!,
        audience: configuration.LEDGER_JWT_AUDIENCE!,
      };

const variables = [
  'PORT',
  'HOST',
  'LEDGER_DATA_DIR',
  'LOG_LEVEL',
  'LEDGER_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'LEDGER_API_KEYS',
  'LEDGER_SHUTDOWN_GRACE_MS',
  'LEDGER_JWKS_URL',
  'LEDGER_JWT_ISSUER',
  'LEDGER_JWT_AUDIENCE',
] as const;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Every problem is reported at once, each naming its variable and the value it got. */
export function loadConfiguration(environment: NodeJS.ProcessEnv): Configuration {
  const given = Object.fromEntries(
    variables.flatMap((name) => (environment[name] === undefined ? [] : [[name, environment[name]]])),
  );
  const configuration = plainToInstance(Configuration, given, { exposeDefaultValues: true });
  const errors = validateSync(configuration);
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map((error) => {
        const [message] = Object.values(error.constraints ?? {});
        const problem = message ?? `${error.property} is invalid`;
        const value = given[error.property];
        return secrets.has(error.property) || value === undefined
          ? problem
          : `${problem} (got ${JSON.stringify(value)})`;
      }),
    );
  }
  return configuration;
}
