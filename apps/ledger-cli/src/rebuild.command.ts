import { type EventStore } from '@ledger/event-store';
import {
  DamagedReadModelsError,
  LiveReadModels,
  type RebuildProgress,
  readModelFiles,
  readModelProjections,
  readModelsLock,
  removeReadModelFiles,
  withDataDirectoryLock,
} from '@ledger/projections';
import { InvalidArgumentError } from 'commander';
import { Command, Option } from 'nest-commander';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { assertLedgerExists, type LedgerLocation, shownPath, withLedger } from './ledger-location';
import { progress } from './progress';
import { rebuildProjection } from './rebuild-projection';
import { removedIfInterrupted } from './removed-if-interrupted';

interface RebuildOptions extends DataDirectoryOption {
  readonly projection?: string;
}

const projectionNames = readModelProjections().map((projection) => projection.name);

@Command({
  name: 'rebuild',
  description:
    'Rebuild the read models from the log: all of them, or one projection.\n' +
    'All are rebuilt into a new file beside them, which then takes the place of ' +
    'LEDGER_DATA_DIR/read-models.db. With --projection, rebuild that projection only and replace its ' +
    'tables in the live file in one transaction. Progress (events, events/s, ETA) on stderr: a bar on a ' +
    'terminal, lines otherwise. Refused while an API runs on the data directory: stop it first.\n' +
    `Projections: ${projectionNames.join(', ')}.\n` +
    'Example: npm run -s ledger -- rebuild --data-dir ./data --projection audit-trail',
})
export class RebuildCommand extends LedgerDataCommand {
  async run(_: string[], options: RebuildOptions): Promise<void> {
    const location = this.location(options);
    assertLedgerExists(location);
    // Two rebuilds would remove each other's new file and swap in a half-built one; a running API
    // would go on writing the file the rebuild replaced.
    const { checkpoint, rebuilt } = await withDataDirectoryLock(
      location.dataDirectory,
      readModelsLock.name,
      readModelsLock.what,
      // Node ends an interrupted process without its `finally` blocks: the half-built file would stay.
      () =>
        removedIfInterrupted(
          () => readModelFiles(`${location.readModelsPath}.rebuild`),
          () => this.rebuild(location, options.projection),
        ),
    );
    process.stdout.write(
      `${JSON.stringify({ readModels: shownPath(location.readModelsPath), rebuilt, checkpoint })}\n`,
    );
  }

  private async rebuild(location: LedgerLocation, projection: string | undefined) {
    const fresh = `${location.readModelsPath}.rebuild`;
    removeReadModelFiles(fresh);
    const shown = progress('rebuild');
    const onProgress = ({ eventsDone, eventsTotal }: RebuildProgress) =>
      shown.update({ done: eventsDone, total: eventsTotal });
    const all = readModelProjections();
    // An instance of its own: a projection prepares its statements on the database it last migrated.
    const only = readModelProjections().find((each) => each.name === projection);
    const checkpoint = await withLedger(location, async (store) => {
      if (only) {
        const paths = { live: location.readModelsPath, fresh };
        return rebuildProjection(store, paths, only, all, onProgress).finally(() => {
          shown.stop();
          removeReadModelFiles(fresh);
        });
      }
      const readModels = await openOrReplaceDamaged(store, location.readModelsPath);
      try {
        return await readModels.rebuild({ onProgress });
      } finally {
        shown.stop();
        await readModels.close();
      }
    });
    return { checkpoint, rebuilt: only ? [only.name] : all.map((each) => each.name) };
  }

  @Option({ flags: '--projection <name>', description: `one of ${projectionNames.join(', ')}` })
  parseProjection(value: string): string {
    if (!projectionNames.includes(value))
      throw new InvalidArgumentError(`must be one of ${projectionNames.join(', ')}.`);
    return value;
  }
}

/**
 * The live read models for a full rebuild, which replaces them whatever they hold: a damaged file,
 * which nothing else can open, is what an operator rebuilds for. It is removed, and the rebuild
 * swaps the new file in where it was. Read models ahead of the log (beside a log put back from a
 * backup) are emptied as the API empties them at start: the rebuild would otherwise wait for the
 * log to reach their checkpoint.
 */
async function openOrReplaceDamaged(store: EventStore, path: string): Promise<LiveReadModels> {
  const open = () =>
    LiveReadModels.openOnLog(store, { path, projections: readModelProjections }, (checkpoint, head) =>
      process.stderr.write(
        `rebuild: ${shownPath(path)} is ahead of the log (checkpoint ${checkpoint}, head ${head}); it is built again from the log\n`,
      ),
    );
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof DamagedReadModelsError)) throw error;
    process.stderr.write(
      `rebuild: ${shownPath(path)} cannot be read (${(error.cause as Error).message}); it is replaced\n`,
    );
    removeReadModelFiles(path);
    return open();
  }
}
