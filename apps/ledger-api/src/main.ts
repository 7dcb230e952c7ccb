import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { type Configuration, loadConfiguration } from './configuration/configuration';
import { ensureWritableDataDirectory } from './configuration/data-directory';
import { serveOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';

function configure(): Configuration {
  try {
    const configuration = loadConfiguration(process.env);
    ensureWritableDataDirectory(configuration.LEDGER_DATA_DIR);
    return configuration;
  } catch (error) {
    // Before the logger exists: one plain line on stderr says what to fix.
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const configuration = configure();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(configuration), new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  serveOpenApi(app);
  await app.listen(configuration.PORT, configuration.HOST);
}

void bootstrap();
