import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store/embedded';
import { bufferTime, filter, type Observable, type Subscription } from 'rxjs';
import { BatchFold, type FoldedBatch } from './batch-fold';
import { CheckpointWatch } from './checkpoint-watch';
import { Checkpoints, positionToReattachAt } from './checkpoints';
import { type Projection } from './projection';
import { RowWriter } from './writes/row-writer';

export interface ProjectorOptions {
  /** Names the checkpoint: two projectors over one file keep two positions. */
  readonly name: string;
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  /** How long catch-up or live events are gathered before a batch is applied. */
  readonly batchWindowMs?: number;
  readonly onUnknownEventType?: (type: string) => void;
  /** The projector stopped on this error, at its checkpoint; it stays stopped until restarted. */
  readonly onFailure?: (error: unknown, checkpoint: number) => void;
}

export interface ProjectorStatus {
  readonly checkpoint: number;
  readonly head: number;
  /**
   * Head minus checkpoint, in the store's positions: events on SQLite, whose positions are dense;
   * bytes of transaction log on EventStoreDB, where counting events would mean reading them.
   */
  readonly lagPositions: number;
  /** Events that no projection reads, by type: skipped, never fatal. */
  readonly unknownEventTypes: Readonly<Record<string, number>>;
  readonly redelivered: number;
  readonly failure?: string;
}

export type ProjectorProgress = Omit<ProjectorStatus, 'head' | 'lagPositions'>;

export const statusAt = (head: number, progress: ProjectorProgress): ProjectorStatus => ({
  ...progress,
  head,
  lagPositions: Math.max(0, head - progress.checkpoint),
});

/**
 * What a service asks of the projector that keeps its read models current, whether it runs in the
 * service's thread (`Projector`) or in a thread of its own (`ProjectorThread`, ADR 0017).
 */
export interface LiveProjector {
  /** The position up to which the read models are committed. */
  readonly checkpoint: number;
  readonly running: boolean;
  start(): void;
  /** Resolves once no batch is being applied and none will be until `start`. */
  stop(): void | Promise<void>;
  /** Stops it for good and releases what it holds. */
  close(): void | Promise<void>;
  /** Moves the stopped projector to other read models, at or past its checkpoint (a rebuild swapped them in). */
  reattach(db: Database.Database): void;
  /** Resolves once the read models include `position` (read-your-writes), or once `signal` aborts. */
  caughtUp(position: number, signal?: AbortSignal): Promise<void>;
  /** Whether the read models include `position` within `withinMs`: false at the deadline, when the wait stops. */
  reaches(position: number, withinMs: number): Promise<boolean>;
  status(): Promise<ProjectorStatus>;
}

/**
 * Follows the store and applies events to the read models in batches. Each batch and the new
 * checkpoint are one SQLite transaction: after a crash the projector resumes exactly after the
 * last batch it committed, with no event applied twice or skipped.
 */
export class Projector implements LiveProjector {
  private readonly fold: BatchFold;
  private writer: RowWriter;
  private readonly watch: CheckpointWatch;
  private readonly unknown: Record<string, number> = {};
  private redelivered = 0;
  private failure?: string;
  private subscription?: Subscription;

  constructor(
    private readonly store: EventStore,
    db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions,
  ) {
    this.fold = new BatchFold(projections);
    this.writer = this.prepare(db);
    this.watch = new CheckpointWatch(new Checkpoints(db).positionOf(options.name));
  }

  /**
   * Moves the stopped projector to other read models (a rebuild swapped in), which must be at or past
   * its checkpoint: whoever waits in `caughtUp` keeps waiting on the same projector.
   */
  reattach(db: Database.Database): void {
    if (this.subscription) throw new Error('stop the projector before moving it to other read models');
    const position = positionToReattachAt(db, this.options.name, this.checkpoint);
    this.writer = this.prepare(db);
    // What the projections remember of their last writes is older than the new read models.
    this.fold.forget();
    this.watch.moveTo(position);
  }

  get checkpoint(): number {
    return this.watch.checkpoint;
  }

  /** Every checkpoint committed from now on, the current one first. */
  get checkpoints(): Observable<number> {
    return this.watch.checkpoints;
  }

  /** Whether it follows the store (started, not stopped, not failed). */
  get running(): boolean {
    return this.subscription !== undefined;
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.store
      .subscribeToAll({ after: this.checkpoint })
      .pipe(
        bufferTime(this.options.batchWindowMs ?? 20, null, this.options.batchSize ?? 1000),
        filter((batch) => batch.length > 0),
      )
      .subscribe({
        next: (batch) => this.apply(batch),
        error: (error: unknown) => this.fail(error),
      });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Stops it: it holds nothing else, the read models' connection being its owner's. */
  close(): void {
    this.stop();
  }

  /** Applies a batch in one transaction with its checkpoint; events at or below the checkpoint are ignored. */
  apply(batch: readonly RecordedEvent[]): void {
    if (this.failure) return;
    let folded: FoldedBatch;
    try {
      folded = this.fold.fold(batch, this.checkpoint);
      this.writer.commit(folded.rows, { projector: this.options.name, position: folded.position });
    } catch (error) {
      // A projection that cannot apply an event stops the projector: skipping would corrupt the read model.
      this.fold.forget();
      this.fail(error);
      return;
    }
    this.redelivered += folded.redelivered;
    for (const type of folded.unknownTypes) {
      if (this.unknown[type] === undefined) this.options.onUnknownEventType?.(type);
      this.unknown[type] = (this.unknown[type] ?? 0) + 1;
    }
    this.watch.moveTo(folded.position);
  }

  caughtUp(position: number, signal?: AbortSignal): Promise<void> {
    return this.watch.caughtUp(position, signal);
  }

  reaches(position: number, withinMs: number): Promise<boolean> {
    return this.watch.reaches(position, withinMs);
  }

  async status(): Promise<ProjectorStatus> {
    return statusAt(await this.store.headPosition(), this.progress());
  }

  /** Where it stands, without the store's head. */
  progress(): ProjectorProgress {
    return {
      checkpoint: this.checkpoint,
      unknownEventTypes: { ...this.unknown },
      redelivered: this.redelivered,
      ...(this.failure !== undefined && { failure: this.failure }),
    };
  }

  private fail(error: unknown): void {
    this.failure = error instanceof Error ? error.message : String(error);
    this.stop();
    this.options.onFailure?.(error, this.checkpoint);
  }

  private prepare(db: Database.Database): RowWriter {
    for (const projection of this.projections) projection.migrate(db);
    return new RowWriter(db, this.fold.statements);
  }
}
