import 'reflect-metadata';
import { type LedgerPolicy } from '@ledger/domain';
import { loadPolicy } from '@ledger/ledger';
import { type HeldLock, holdDataDirectoryLock, readModelsLock } from '@ledger/projections';
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { type Configuration, ConfigurationError, loadConfiguration } from './configuration/configuration';
import { assertNoForeignLog, ensureWritableDataDirectory } from './configuration/data-directory';
import { loadReadConfiguration, type ReadConfiguration } from './configuration/read-configuration';
import { serveOpenApi } from './openapi';
import { acceptNdjson } from './batches/ndjson';
import { fieldErrors } from './problem-details/field-errors';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { maxJsonBodyBytes, maxPathParameterLength } from './problem-details/problems';
import { answerRouterError } from './problem-details/router-errors';
import { answerClientError } from './problem-details/client-errors';
import { answerWrongMethod } from './problem-details/wrong-method';
import { refuseRepeatedHeaders } from './problem-details/repeated-headers';
import { namePrototypeKeys } from './problem-details/prototype-keys';
import { ledgerLogger } from './logging/ledger-logger';
import { logAbortedRequest, RequestLogs } from './logging/request-logs';
import { logUncaughtErrors } from './logging/uncaught-errors';
import { answerWhileClosing, shutdownSignals } from './lifecycle/while-closing';

/** Without a working logger, one plain line on stderr is what an operator is sure to see. */
function refuseToStart(reason: string): never {
  process.stderr.write(`${reason}\n`);
  process.exit(1);
}

/**
 * Every setting is checked before anything starts: a bad one is one plain line, not a stack. The
 * data directory's lock comes last, before any module: a second service on it is refused before
 * it changes anything (it would sync its own key list over the running service's).
 */
function configure(): {
  configuration: Configuration;
  read: ReadConfiguration;
  policy: LedgerPolicy;
  lock: HeldLock;
} {
  try {
    const configuration = loadConfiguration(process.env);
    const read = loadReadConfiguration(process.env);
    const policy = loadPolicy(process.env.LEDGER_POLICY_FILE);
    ensureWritableDataDirectory(configuration.LEDGER_DATA_DIR);
    if (configuration.LEDGER_STORE === 'sqlite') assertNoForeignLog(configuration.LEDGER_DATA_DIR);
    const lock = holdDataDirectoryLock(configuration.LEDGER_DATA_DIR, readModelsLock.name, readModelsLock.what);
    return { configuration, read, policy, lock };
  } catch (error) {
    return refuseToStart((error as Error).message);
  }
}

async function serve({ configuration, read, policy, lock }: ReturnType<typeof configure>): Promise<void> {
  const logger = ledgerLogger(configuration.LOG_LEVEL);
  logUncaughtErrors(logger);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogs(),
    frameworkErrors: answerRouterError,
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: maxPathParameterLength },
    bodyLimit: maxJsonBodyBytes,
    // answerWhileClosing answers as problem+json instead.
    return503OnClosing: false,
  });
  adapter.getInstance().addHook('onRequestAbort', logAbortedRequest);
  // Fastify's text/plain parser would hand a command a string, refused as "not a JSON object" when
  // what is wrong is the content type: without it, a body of any type but JSON (NDJSON for batches) is a 415.
  adapter.getInstance().removeContentTypeParser('text/plain');
  answerWhileClosing(adapter.getInstance(), configuration.LEDGER_SHUTDOWN_GRACE_MS);
  answerWrongMethod(adapter.getInstance());
  refuseRepeatedHeaders(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.with(configuration, read, policy, logger, lock),
    adapter,
    {
      bufferLogs: true,
      // Nest's own parsers would add one for HTML forms: a command, a check or a key sent as a form was
      // taken. The ledger registers JSON's (namePrototypeKeys) and NDJSON's; any other type is a 415.
      bodyParser: false,
      // A failed start then reaches refuseToStart, instead of Nest exiting by itself after
      // flushing the buffer as console text onto stdout, where only JSON lines belong.
      abortOnError: false,
      autoFlushLogs: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // What an auditor needs to read a decision: the dates and limits it was made with.
  logger.info({ policy, policyFile: process.env.LEDGER_POLICY_FILE ?? null }, 'deciding with this policy');
  acceptNdjson(app);
  namePrototypeKeys(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(fieldErrors(errors)),
    }),
  );
  // Not Nest's default of every signal it knows: a JavaScript listener on SIGSEGV, SIGBUS, SIGFPE or
  // SIGILL leaves a real fault looping instead of ending the process, and SIGUSR2 is an operator's
  // heap-snapshot signal (--heapsnapshot-signal), not a request to stop.
  app.enableShutdownHooks(shutdownSignals);
  serveOpenApi(app);
  const { HOST, PORT } = configuration;
  await app.listen(PORT, HOST).catch((error: unknown) => {
    // Node's words (getaddrinfo ENOTFOUND, EADDRINUSE) name neither setting.
    throw new ConfigurationError([`cannot listen on HOST ${HOST}, PORT ${PORT}: ${(error as Error).message}`]);
  });
}

serve(configure()).catch((error: unknown) =>
  refuseToStart(
    error instanceof ConfigurationError
      ? error.message
      : `ledger-api could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  ),
);
