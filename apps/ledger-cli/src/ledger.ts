#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { version } from '../../../package.json';
import { CliModule } from './cli.module';

/** Exit codes: 0 ok, 1 a finding (e.g. a broken chain), 2 usage or configuration error. */
const usageError = 2;
const asked = new Set(['commander.helpDisplayed', 'commander.version']);

async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    cliName: 'ledger',
    version,
    logger: ['error', 'warn'],
    errorHandler: (error: Error & { code?: string }) => process.exit(asked.has(error.code ?? '') ? 0 : usageError),
  });
}

void main();
