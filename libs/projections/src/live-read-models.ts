import type Database from 'better-sqlite3';
import { type EventStore, flushToDisk } from '@ledger/event-store/embedded';
import { renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { openReadModels, openRebuildTarget, removeReadModelFiles } from './open-read-models';
import { type Projection } from './projection';
import { type LiveProjector, Projector, type ProjectorOptions } from './projector';
import { ProjectorThread, projectorThreadCanStart } from './projector-thread';
import { readModelsProjector } from './read-model-projections';
import { rebuildInto, type RebuildOptions } from './rebuild';

export interface LiveReadModelsOptions {
  /** The read models' file; a rebuild writes `<path>.rebuild` beside it. */
  readonly path: string;
  /** New projection instances on each call: the live read models and each rebuild get their own. */
  readonly projections: () => readonly Projection[];
  readonly projector?: Omit<ProjectorOptions, 'name'>;
  /**
   * The embedded log's file: the projector then runs in a thread of its own where the built library
   * can start one (ADR 0017), and in the caller's thread otherwise (EventStoreDB, sources under jest).
   */
  readonly logPath?: string;
}

/** How long a rebuild waits for streaming reads of the old file (an audit export) to finish before it gives up. */
const swapTimeoutMs = 60_000;

/**
 * The read models a service answers from: one SQLite file and the projector that keeps it current.
 * `rebuild` builds a new file beside it while this one keeps answering, then swaps it in. Take
 * `db` for each query and do not keep it: a swap closes the old connection.
 */
export class LiveReadModels {
  readonly projector: LiveProjector;
  private current: Database.Database;
  private rebuilding: Promise<number> | undefined;
  /** Aborted by `close`: a rebuild running then stops, swaps nothing in and starts no projector. */
  private readonly closing = new AbortController();

  private constructor(
    private readonly store: EventStore,
    private readonly options: LiveReadModelsOptions,
  ) {
    this.current = openReadModels(options.path);
    const projectorOptions = { ...options.projector, name: readModelsProjector };
    this.projector =
      options.logPath !== undefined && projectorThreadCanStart(this.current)
        ? new ProjectorThread(store, this.current, options.projections(), {
            ...projectorOptions,
            logPath: options.logPath,
          })
        : new Projector(store, this.current, options.projections(), projectorOptions);
  }

  /** Opens the read models, discarding what a rebuild interrupted by a crash left beside them. */
  static open(store: EventStore, options: LiveReadModelsOptions): LiveReadModels {
    removeReadModelFiles(rebuildPath(options.path));
    return new LiveReadModels(store, options);
  }

  /**
   * Opens the read models for the log as it is now. Read models whose checkpoint is past the head of
   * the log were built from a later state of it: put back from a backup, the
   * log lacks events they hold, and following it from their checkpoint would skip every event it
   * takes up to there. Those are emptied and built again from position 0; `discarded` is told. Only
   * positions are compared: a restored log written past the checkpoint before this runs looks like
   * the one they were built from, which is why the README asks for a rebuild after a restore. A
   * store that does not answer within `headWaitMs` (a cluster away) leaves them as they are: the
   * service starts, and the projector follows the store once it answers.
   */
  static async openOnLog(
    store: EventStore,
    options: LiveReadModelsOptions,
    discarded: (checkpoint: number, head: number) => void,
    headWaitMs = 5_000,
  ): Promise<LiveReadModels> {
    const live = LiveReadModels.open(store, options);
    const { checkpoint } = live.projector;
    const head = await headWithin(store, headWaitMs);
    if (head === undefined || checkpoint <= head) return live;
    await live.close();
    removeReadModelFiles(options.path);
    discarded(checkpoint, head);
    return LiveReadModels.open(store, options);
  }

  /** The current connection. Queries run synchronously on it, so none sees a swap half done. */
  get db(): Database.Database {
    return this.current;
  }

  /**
   * Builds the read models again from position 0 in `<path>.rebuild` while the live ones keep
   * answering and following the store. Once it has caught up, the live projector pauses, the new
   * file takes in the last events and replaces the old one, and the projector resumes on it.
   * On failure the new file is removed and the live read models stay. Returns the checkpoint.
   */
  async rebuild(options: RebuildOptions = {}): Promise<number> {
    if (this.closing.signal.aborted) throw new Error('the read models are closed');
    if (this.rebuilding) throw new Error('a rebuild of the read models is already running');
    this.rebuilding = this.rebuildAndSwap(options);
    try {
      return await this.rebuilding;
    } finally {
      this.rebuilding = undefined;
    }
  }

  /** Stops a rebuild running and the projector, then closes the read models. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.rebuilding?.catch(() => undefined);
    await this.projector.close();
    this.current.close();
  }

  private async rebuildAndSwap(options: RebuildOptions): Promise<number> {
    const { signal } = this.closing;
    const target = rebuildPath(this.options.path);
    const resume = this.projector.running;
    let fresh: Database.Database | undefined;
    try {
      fresh = openRebuildTarget(target);
      const projections = this.options.projections();
      await rebuildInto(this.store, fresh, projections, { ...options, signal });
      await this.projector.stop();
      // Paused, the live read models stand still: the new file catches up to at least where they are.
      const checkpoint = await rebuildInto(this.store, fresh, projections, { batchSize: options.batchSize, signal });
      fresh.close();
      fresh = undefined;
      flushToDisk(target);
      await this.closeWhenIdle(() => this.swapIn(target), signal);
      return checkpoint;
    } catch (error) {
      fresh?.close();
      removeReadModelFiles(target);
      throw error;
    } finally {
      if (resume && !signal.aborted) this.projector.start();
    }
  }

  /**
   * A statement iterating the old connection (a person's audit trail being streamed) holds it: the
   * swap waits for it. `swap` runs in the step that closed it: a query resumed in between (after an
   * await) would meet a closed connection.
   */
  private async closeWhenIdle(swap: () => void, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + swapTimeoutMs;
    signal.throwIfAborted();
    while (!this.closedIfIdle(deadline)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      signal.throwIfAborted();
    }
    swap();
  }

  /** False while a streaming read holds the connection, until the deadline; then its refusal is thrown. */
  private closedIfIdle(deadline: number): boolean {
    try {
      this.current.close();
      return true;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      return false;
    }
  }

  /** Synchronous from the closed old file to the open new one: no query runs in between. */
  private swapIn(target: string): void {
    const { path } = this.options;
    try {
      // Closing checkpointed the old WAL into the old file; left beside the new one, SQLite would replay it.
      removeReadModelFiles(path, { keepMainFile: true });
      renameSync(target, path);
      flushToDisk(dirname(path));
    } finally {
      this.current = openReadModels(path);
      this.projector.reattach(this.current);
    }
  }
}

/** The store's head, or undefined when it fails or does not answer in time. */
async function headWithin(store: EventStore, waitMs: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, waitMs, undefined)));
  try {
    return await Promise.race([store.headPosition().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** better-sqlite3 refuses to close a connection while an iterator is open on it. */
const isBusy = (error: unknown) => String((error as { message?: unknown }).message).includes('busy executing a query');

const rebuildPath = (path: string) => `${path}.rebuild`;
