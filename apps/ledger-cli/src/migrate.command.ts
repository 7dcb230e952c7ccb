import { Command, Option } from 'nest-commander';
import { connectionStringProblem, connectMigrationTarget, copyLog, summarizeLog } from '@ledger/event-store';
import { exitCodes, UsageError } from './exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { openLedger } from './ledger-location';
import { progress } from './progress';
import { shownBreak } from './shown-break';

interface MigrateOptions extends DataDirectoryOption {
  readonly to: string;
}

@Command({
  name: 'migrate',
  description:
    'Copy an embedded ledger into EventStoreDB, then verify the copy.\n' +
    'Events keep their ids, order, recorded times and hashes; then the copy is verified: its chain and its log digest must equal the source. Interrupted, run it again: ' +
    'events already copied are found by their revisions and hashes and not written twice.\n' +
    'Exit 0: copied and verified; 1: the copy differs or its chain is broken; 2: bad options.\n' +
    "Example: npm run -s ledger -- migrate --data-dir ./data --to 'esdb://localhost:2113?tls=false'",
})
export class MigrateCommand extends LedgerDataCommand {
  async run(_: string[], options: MigrateOptions): Promise<void> {
    const problem = connectionStringProblem(options.to);
    if (problem !== undefined) throw new UsageError(`--to must be an esdb:// connection string: ${problem}`);
    const location = this.location(options);
    if (location.store.kind !== 'sqlite') throw new UsageError('migrate copies an embedded ledger: unset LEDGER_STORE');
    const source = openLedger(location);
    const target = connectMigrationTarget(options.to);
    const shown = progress('migrate');
    try {
      const total = await source.headPosition();
      const { copied, alreadyHeld } = await copyLog(source, target.store, target.clock, (done) =>
        shown.update({ done, total }),
      );
      shown.stop();
      process.stderr.write(`copied ${copied} events (${alreadyHeld} held already); verifying both logs...\n`);
      const [before, after] = [await summarizeLog(source), await summarizeLog(target.store)];
      const matches = before.digest !== undefined && before.digest === after.digest;
      process.stdout.write(
        `${JSON.stringify({
          copied,
          alreadyHeld,
          verified: matches,
          source: { events: before.verification.eventsChecked, digest: before.digest ?? null },
          target: {
            events: after.verification.eventsChecked,
            digest: after.digest ?? null,
            firstBreak: shownBreak(after.verification.firstBreak),
          },
        })}\n`,
      );
      if (!matches) process.exitCode = exitCodes.failure;
    } finally {
      shown.stop();
      await source.close();
      await target.store.close();
    }
  }

  /** Checked in `run`: commander repeats the value of an option it refuses, and this one may hold a password. */
  @Option({ flags: '--to <connection-string>', description: 'esdb:// connection string of the target', required: true })
  parseTo(value: string): string {
    return value;
  }
}
