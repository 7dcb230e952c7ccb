import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { WholeNumber } from './whole-number';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { ConfigurationError } from './configuration';

const milliseconds = (name: string, max: number) => `${name} must be an integer number of milliseconds, 1 to ${max}`;

/** Settings of the read side (queries, feeds, readiness), read from the environment at start-up. */
export class ReadConfiguration {
  /** Longest a query waits for `Ledger-Min-Position` before answering 503. */
  @WholeNumber()
  @IsInt({ message: milliseconds('LEDGER_MIN_POSITION_WAIT_MS', 60_000) })
  @Min(1, { message: milliseconds('LEDGER_MIN_POSITION_WAIT_MS', 60_000) })
  @Max(60_000, { message: milliseconds('LEDGER_MIN_POSITION_WAIT_MS', 60_000) })
  readonly LEDGER_MIN_POSITION_WAIT_MS: number = 2_000;

  /**
   * `/health/ready` answers 503 while the read models are more positions than this behind the head:
   * events on the embedded store, bytes of transaction log on EventStoreDB (set it per store).
   */
  @WholeNumber()
  @IsInt({ message: 'LEDGER_READY_MAX_LAG must be a whole number of log positions, 0 or more' })
  @Min(0, { message: 'LEDGER_READY_MAX_LAG must be a whole number of log positions, 0 or more' })
  readonly LEDGER_READY_MAX_LAG: number = 10_000;

  /** How often an idle feed sends a heartbeat comment. */
  @WholeNumber()
  @IsInt({ message: milliseconds('LEDGER_FEED_HEARTBEAT_MS', 300_000) })
  @Min(1, { message: milliseconds('LEDGER_FEED_HEARTBEAT_MS', 300_000) })
  @Max(300_000, { message: milliseconds('LEDGER_FEED_HEARTBEAT_MS', 300_000) })
  readonly LEDGER_FEED_HEARTBEAT_MS: number = 15_000;
}

const variables = ['LEDGER_MIN_POSITION_WAIT_MS', 'LEDGER_READY_MAX_LAG', 'LEDGER_FEED_HEARTBEAT_MS'] as const;

/** Every bad variable is reported at once, named with the value it got. */
export function loadReadConfiguration(environment: NodeJS.ProcessEnv): ReadConfiguration {
  const given = Object.fromEntries(
    variables.flatMap((name) => (environment[name] === undefined ? [] : [[name, environment[name]]])),
  );
  const configuration = plainToInstance(ReadConfiguration, given, { exposeDefaultValues: true });
  const errors = validateSync(configuration);
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map((error) => {
        const [message] = Object.values(error.constraints ?? {});
        return `${message ?? `${error.property} is invalid`} (got ${JSON.stringify(given[error.property])})`;
      }),
    );
  }
  return configuration;
}
