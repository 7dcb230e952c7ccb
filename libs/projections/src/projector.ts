import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store';
import { BehaviorSubject, bufferTime, filter, first, firstValueFrom, map, of, type Subscription, timeout } from 'rxjs';
import { BatchFold, type FoldedBatch } from './batch-fold';
import { Checkpoints } from './checkpoints';
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

/**
 * Follows the store and applies events to the read models in batches. Each batch and the new
 * checkpoint are one SQLite transaction: after a crash the projector resumes exactly after the
 * last batch it committed, with no event applied twice or skipped.
 */
export class Projector {
  private readonly fold: BatchFold;
  private writer: RowWriter;
  private readonly position: BehaviorSubject<number>;
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
    this.position = new BehaviorSubject(new Checkpoints(db).positionOf(options.name));
  }

  /**
   * Moves the stopped projector to other read models (a rebuild swapped in), which must be at or past
   * its checkpoint: whoever waits in `caughtUp` keeps waiting on the same projector.
   */
  reattach(db: Database.Database): void {
    if (this.subscription) throw new Error('stop the projector before moving it to other read models');
    const position = new Checkpoints(db).positionOf(this.options.name);
    if (position < this.checkpoint) {
      throw new Error(`the read models are at ${position}, behind the projector's checkpoint ${this.checkpoint}`);
    }
    this.writer = this.prepare(db);
    // What the projections remember of their last writes is older than the new read models.
    this.fold.forget();
    this.position.next(position);
  }

  get checkpoint(): number {
    return this.position.value;
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
    this.position.next(folded.position);
  }

  /** Resolves once the read models include `position` (read-your-writes). */
  async caughtUp(position: number): Promise<void> {
    await firstValueFrom(this.position.pipe(filter((checkpoint) => checkpoint >= position)));
  }

  /**
   * Whether the read models include `position` within `withinMs`: true as soon as a batch brings
   * them there, false at the deadline, when the wait stops listening (a stopped or failed projector
   * keeps no waiter).
   */
  reaches(position: number, withinMs: number): Promise<boolean> {
    return firstValueFrom(
      this.position.pipe(
        first((checkpoint) => checkpoint >= position),
        map(() => true),
        timeout({ first: withinMs, with: () => of(false) }),
      ),
    );
  }

  async status(): Promise<ProjectorStatus> {
    const head = await this.store.headPosition();
    return {
      checkpoint: this.checkpoint,
      head,
      lagPositions: Math.max(0, head - this.checkpoint),
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
