import Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  openReadModels,
  type Projection,
  Projector,
  readModelsProjector,
  rebuildInto,
  type RebuildProgress,
} from '@ledger/projections';

/** The tables a projection keeps, found by letting it create them in an empty database. */
function tablesOf(projection: Projection): string[] {
  const scratch = new Database(':memory:');
  try {
    projection.migrate(scratch);
    return scratch.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  } finally {
    scratch.close();
  }
}

/** Applies the events after the projector's checkpoint, up to and including `upTo`. */
async function catchUp(store: EventStore, projector: Projector, upTo: number): Promise<void> {
  let batch: RecordedEvent[] = [];
  for await (const event of store.readAll({ after: projector.checkpoint })) {
    if (event.position > upTo) break;
    batch.push(event);
    if (batch.length < 1000) continue;
    projector.apply(batch);
    batch = [];
  }
  projector.apply(batch);
  const { failure } = await projector.status();
  if (failure) throw new Error(`catching up stopped: ${failure}`);
}

/**
 * Rebuilds one projection from position 0 in a file of its own, brings it and the live read models
 * to the same position, then replaces that projection's tables in the live file in one
 * transaction: the other projections, and the shared checkpoint, stay consistent with it.
 * `projection` must be an instance of its own, not one of `all`: each instance writes to the
 * database it last migrated.
 */
export async function rebuildProjection(
  store: EventStore,
  paths: { readonly live: string; readonly fresh: string },
  projection: Projection,
  all: readonly Projection[],
  onProgress: (progress: RebuildProgress) => void,
): Promise<number> {
  const fresh = openReadModels(paths.fresh);
  const live = openReadModels(paths.live);
  // Only its own tables are copied; those it folds after are rebuilt beside it because it reads them.
  const folded = [...(projection.foldsAfter ?? []), projection];
  try {
    const liveProjector = new Projector(store, live, all, { name: readModelsProjector });
    const head = await store.headPosition();
    if (liveProjector.checkpoint > head) {
      throw new Error(
        `the read models are ahead of the log (checkpoint ${liveProjector.checkpoint}, head ${head}): built from ` +
          'another state of it, their other projections hold what it lacks; rebuild them all (ledger rebuild, without --projection)',
      );
    }
    const rebuilt = await rebuildInto(store, fresh, folded, { onProgress });
    const freshProjector = new Projector(store, fresh, folded, { name: readModelsProjector });
    const position = Math.max(rebuilt, liveProjector.checkpoint);
    await catchUp(store, liveProjector, position);
    await catchUp(store, freshProjector, position);
    fresh.close();
    live.prepare('ATTACH DATABASE ? AS fresh').run(paths.fresh);
    live.transaction(() => {
      for (const table of tablesOf(projection)) {
        live.exec(`DELETE FROM main."${table}"; INSERT INTO main."${table}" SELECT * FROM fresh."${table}";`);
      }
    })();
    live.exec('DETACH DATABASE fresh');
    return position;
  } finally {
    if (fresh.open) fresh.close();
    live.close();
  }
}
