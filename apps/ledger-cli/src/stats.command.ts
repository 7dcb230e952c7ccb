import type Database from 'better-sqlite3';
import { isWrittenMyNumber, parsePersonStream } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import { openReadModelsToLook, readingReadModels, readModelsVersion } from '@ledger/projections';
import { Command } from 'nest-commander';
import { existsSync } from 'node:fs';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { shownPath, withLedger } from './ledger-location';

export interface LogStats {
  readonly headPosition: number;
  readonly events: number;
  readonly streams: number;
  readonly eventsByType: Readonly<Record<string, number>>;
  /** Persons whose id is a My Number, written before ids were checked: the API cannot reach them. */
  readonly personsWithMyNumberIds: number;
}

/** One pass over the log through the port, so both stores are counted the same way. */
async function logStats(store: EventStore): Promise<LogStats> {
  const byType = new Map<string, number>();
  const streams = new Set<string>();
  const myNumberIds = new Set<string>();
  let events = 0;
  for await (const event of store.readAll()) {
    events += 1;
    streams.add(event.stream);
    byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    const person = parsePersonStream(event.stream);
    if (person && isWrittenMyNumber(person.personId)) myNumberIds.add(event.stream);
  }
  const eventsByType = Object.fromEntries([...byType].sort(([left], [right]) => (left < right ? -1 : 1)));
  return {
    headPosition: await store.headPosition(),
    events,
    streams: streams.size,
    eventsByType,
    personsWithMyNumberIds: myNumberIds.size,
  };
}

function checkpoints(db: Database.Database, head: number) {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'").get();
  if (!hasTable) return [];
  return db
    .prepare<[], { projector: string; position: number }>(
      'SELECT projector, position FROM checkpoints ORDER BY projector',
    )
    .all()
    .map(({ projector, position }) => ({
      projector,
      checkpoint: position,
      lagPositions: Math.max(0, head - position),
      // Built from a later state of the log, or another log: a lag of 0 would hide it.
      ...(position > head && { aheadOfLog: true }),
    }));
}

@Command({
  name: 'stats',
  description:
    'Print event counts, streams, the head position and projector lag as JSON.\n' +
    'Events are counted by type, and persons whose id is a My Number (written before ids were checked). ' +
    'Each projector checkpoint of the local read models is shown with its lag behind the head, in ' +
    'positions: events with the embedded store, bytes of transaction log with EventStoreDB.\n' +
    'Example: npm run -s ledger -- stats --data-dir ./data',
})
export class StatsCommand extends LedgerDataCommand {
  async run(_: string[], options: DataDirectoryOption): Promise<void> {
    const location = this.location(options);
    const stats = await withLedger(location, logStats);
    let projectors: ReturnType<typeof checkpoints> = [];
    if (existsSync(location.readModelsPath)) {
      const { db, version, current } = openReadModelsToLook(location.readModelsPath);
      try {
        if (!current) {
          process.stderr.write(
            `${shownPath(location.readModelsPath)} is of version ${version}, this ledger reads version ${readModelsVersion}: ` +
              'its checkpoints are not shown; the API or ledger rebuild builds the read models again\n',
          );
        } else projectors = readingReadModels(location.readModelsPath, () => checkpoints(db, stats.headPosition));
        for (const { checkpoint } of projectors.filter((projector) => 'aheadOfLog' in projector)) {
          process.stderr.write(
            `${shownPath(location.readModelsPath)} is at position ${checkpoint}, past the head of the log at ${stats.headPosition}: ` +
              'it was built from a later state of the log (one put back from a backup?); the API builds it again at its next start\n',
          );
        }
      } finally {
        db.close();
      }
    }
    if (stats.personsWithMyNumberIds > 0)
      process.stderr.write(
        `${stats.personsWithMyNumberIds} persons have a My Number as their id, written before ids were checked: ` +
          'the API cannot reach them, and its answers, audit exports and verify show their id as [redacted]\n',
      );
    process.stdout.write(`${JSON.stringify({ ...stats, projectors }, null, 2)}\n`);
  }
}
