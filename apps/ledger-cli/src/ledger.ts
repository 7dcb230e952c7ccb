#!/usr/bin/env node
import 'reflect-metadata';
import { withoutMyNumbers } from '@ledger/domain';
import { CommandFactory } from 'nest-commander';
import { version } from '../../../package.json';
import { CliModule } from './cli.module';
import { printable, shownCommanderError } from './commander-errors';
import { exitAfterCommander, exitCodes, UsageError } from './exit-codes';

// A reader that stops early (`| head`) is not an error of ours; a full disk is, told in one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(exitCodes.ok);
  process.stderr.write(`ledger: the output could not be written, and is incomplete: ${error.message}\n`);
  process.exit(exitCodes.failure);
});

async function main(): Promise<void> {
  await CommandFactory.run(CliModule, {
    cliName: 'ledger',
    version,
    logger: ['error', 'warn'],
    errorHandler: exitAfterCommander,
    outputConfiguration: { outputError: (text, write) => write(shownCommanderError(text)) },
    // Lists of commands show the first line of each description; `<command> --help` shows it all.
    helpConfiguration: { subcommandDescription: (command) => command.description().split('\n')[0] ?? '' },
    serviceErrorHandler: (error) => {
      // An error names the stream it failed on, and a log from before ids were checked may name one by a My Number.
      process.stderr.write(`ledger: ${printable(withoutMyNumbers(error.message))}\n`);
      process.exitCode = error instanceof UsageError ? exitCodes.usage : exitCodes.failure;
    },
  });
}

void main();
