import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { WholeNumber } from './whole-number';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';
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

/** Variables holding credentials (a connection string may hold a password): an error names them but never repeats their value. */
const secrets: ReadonlySet<string> = new Set(['LEDGER_API_KEYS', 'EVENTSTORE_CONNECTION_STRING']);

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
}

const variables = [
  'PORT',
  'HOST',
  'LEDGER_DATA_DIR',
  'LOG_LEVEL',
  'LEDGER_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'LEDGER_API_KEYS',
  'LEDGER_SHUTDOWN_GRACE_MS',
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
        return secrets.has(error.property) ? problem : `${problem} (got ${JSON.stringify(given[error.property])})`;
      }),
    );
  }
  return configuration;
}
