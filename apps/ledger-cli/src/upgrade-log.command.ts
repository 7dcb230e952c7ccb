import Database from 'better-sqlite3';
import { indexIdsPerStream } from '@ledger/event-store';
import { readModelsLock, withDataDirectoryLock } from '@ledger/projections';
import { Command } from 'nest-commander';
import { UsageError } from './exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { assertLedgerExists, shownPath } from './ledger-location';

@Command({
  name: 'upgrade-log',
  description:
    'Give an embedded log made before 2026-12-05 the layout the ledger makes now: event ids indexed per\n' +
    'stream rather than over the whole log (ADR 0014), which makes every commit write fewer pages.\n' +
    'The events are copied as they are, at their positions, in one transaction: interrupted, the log is\n' +
    'left as it was; the hash chain and the log digest are unchanged. The file is then compacted\n' +
    '(VACUUM), the space of the old table returned. It needs free disk space of about three times the log.\n' +
    'Refused while an API runs on the data directory: stop it, and any import, first. A log of today\n' +
    'is left alone. Prints {"log", "upgraded", "events"} as JSON.\n' +
    'Example: npm run ledger -- upgrade-log --data-dir ./data',
})
export class UpgradeLogCommand extends LedgerDataCommand {
  async run(_: string[], options: DataDirectoryOption): Promise<void> {
    const location = this.location(options);
    if (location.store.kind !== 'sqlite') {
      throw new UsageError('upgrade-log upgrades an embedded log: EventStoreDB keeps its own; unset LEDGER_STORE');
    }
    assertLedgerExists(location);
    const { path } = location.store;
    // The API's lock: an API on the log would go on with the layout it read when it opened it.
    const events = await withDataDirectoryLock(location.dataDirectory, readModelsLock.name, readModelsLock.what, () => {
      const db = new Database(path);
      try {
        const copied = indexIdsPerStream(db);
        // The old table's pages would stay in the file, free, doubling it: they go back to the disk.
        if (copied !== undefined) db.exec('VACUUM');
        return Promise.resolve(copied);
      } finally {
        db.close();
      }
    });
    process.stdout.write(
      `${JSON.stringify({ log: shownPath(path), upgraded: events !== undefined, events: events ?? 0 })}\n`,
    );
  }
}
