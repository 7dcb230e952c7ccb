import Database from 'better-sqlite3';
import { indexIdsPerStream } from '@ledger/event-store';
import { logLayoutLock, readModelsLock, withDataDirectoryLock } from '@ledger/projections';
import { Command } from 'nest-commander';
import { UsageError } from './exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { assertLedgerExists, shownPath } from './ledger-location';

@Command({
  name: 'upgrade-log',
  description:
    'Give an embedded log made before 2026-12-05 the layout the ledger makes now.\n' +
    'Event ids are then indexed per stream rather than over the whole log (ADR 0014), which makes ' +
    'every commit write fewer pages. ' +
    'The events are copied as they are, at their positions, in one transaction: interrupted, the log is ' +
    'left as it was; the hash chain and the log digest are unchanged. The file is then compacted ' +
    '(VACUUM), the space of the old table returned; interrupted then, the log is upgraded, and a second ' +
    'run compacts it. It needs free disk space of about three times the log, part of it in the ' +
    'temporary directory (SQLITE_TMPDIR or TMPDIR) during VACUUM. ' +
    'Refused while an API or an import runs on the data directory, and an import is refused while it ' +
    'runs. A log of today is left alone. Prints {"log", "upgraded", "compacted", "events"} as JSON.\n' +
    'Example: npm run -s ledger -- upgrade-log --data-dir ./data',
})
export class UpgradeLogCommand extends LedgerDataCommand {
  async run(_: string[], options: DataDirectoryOption): Promise<void> {
    const location = this.location(options);
    if (location.store.kind !== 'sqlite') {
      throw new UsageError('upgrade-log upgrades an embedded log: EventStoreDB keeps its own; unset LEDGER_STORE');
    }
    assertLedgerExists(location);
    const { path } = location.store;
    // The API's lock and the imports': a writer on the log would go on with the layout it read when it opened it.
    const upgrade = await withDataDirectoryLock(location.dataDirectory, readModelsLock.name, readModelsLock.what, () =>
      withDataDirectoryLock(location.dataDirectory, logLayoutLock.name, logLayoutLock.heldByImports, () =>
        Promise.resolve(upgradeLog(path)),
      ),
    );
    process.stdout.write(`${JSON.stringify({ log: shownPath(path), ...upgrade })}\n`);
  }
}

/**
 * Upgrades the log's layout, then compacts the file: the old table's pages stay in it, free, doubling
 * it, until VACUUM gives them back. A run stopped during VACUUM left them so; the next run finds the
 * log upgraded and compacts it then.
 */
function upgradeLog(path: string): { upgraded: boolean; compacted: boolean; events: number } {
  const db = new Database(path);
  try {
    const copied = indexIdsPerStream(db);
    const compacted = copied !== undefined || mostlyFree(db);
    if (compacted) db.exec('VACUUM');
    return { upgraded: copied !== undefined, compacted, events: copied ?? 0 };
  } finally {
    db.close();
  }
}

/** A log only grows: a quarter of its pages free is what an upgrade left, not what appends leave. */
function mostlyFree(db: Database.Database): boolean {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  return free * 4 > pages;
}
