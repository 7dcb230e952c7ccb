import { openReadModels, rebuildInto } from '@ledger/projections';
import { Command } from 'nest-commander';
import { renameSync, rmSync } from 'node:fs';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { withLedger } from './ledger-location';
import { progress } from './progress';
import { readModelProjections } from './read-model-projections';

const removeDatabase = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

@Command({
  name: 'rebuild',
  description:
    'Rebuild the read models from the whole log into a new file beside them, then put it in place of\n' +
    'LEDGER_DATA_DIR/read-models.db. Progress (events, events/s, ETA) on stderr: a bar on a terminal,\n' +
    'lines otherwise. Stop the API first: a running API keeps the file it opened.\n' +
    'Example: npm run ledger -- rebuild --data-dir ./data',
})
export class RebuildCommand extends LedgerDataCommand {
  async run(_: string[], options: DataDirectoryOption): Promise<void> {
    const location = this.location(options);
    const fresh = `${location.readModelsPath}.rebuild`;
    removeDatabase(fresh);
    const shown = progress('rebuild');
    const checkpoint = await withLedger(location, async (store) => {
      const db = openReadModels(fresh);
      try {
        return await rebuildInto(store, db, readModelProjections(), {
          onProgress: ({ eventsDone, eventsTotal }) => shown.update({ done: eventsDone, total: eventsTotal }),
        });
      } finally {
        shown.stop();
        db.close();
      }
    });
    // The old file's WAL must go with it: left beside the new file, SQLite would replay it into it.
    removeDatabase(location.readModelsPath);
    renameSync(fresh, location.readModelsPath);
    process.stdout.write(`${JSON.stringify({ readModels: location.readModelsPath, checkpoint })}\n`);
  }
}
