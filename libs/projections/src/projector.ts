import type Database from 'better-sqlite3';
import { type EventStore, type RecordedEvent } from '@ledger/event-store';
import { BehaviorSubject, bufferTime, filter, firstValueFrom, type Subscription } from 'rxjs';
import { Checkpoints } from './checkpoints';
import { type Projection } from './projection';

export interface ProjectorOptions {
  /** Names the checkpoint: two projectors over one file keep two positions. */
  readonly name: string;
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  /** How long catch-up or live events are gathered before a batch is applied. */
  readonly batchWindowMs?: number;
  readonly onUnknownEventType?: (type: string) => void;
  /** Leaves the secondary indexes to the caller: a rebuild creates them once, after the bulk load. */
  readonly deferIndexes?: boolean;
}

export interface ProjectorStatus {
  readonly checkpoint: number;
  readonly head: number;
  /** Events the store has that the read models have not applied yet. */
  readonly lag: number;
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
  private checkpoints: Checkpoints;
  private readonly position: BehaviorSubject<number>;
  private readonly unknown: Record<string, number> = {};
  private redelivered = 0;
  private failure?: string;
  private subscription?: Subscription;
  private readonly readers = new Map<string, readonly Projection[]>();

  constructor(
    private readonly store: EventStore,
    private db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectorOptions,
  ) {
    this.checkpoints = this.prepare(db);
    this.position = new BehaviorSubject(this.checkpoints.positionOf(options.name));
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
    this.db = db;
    this.checkpoints = this.prepare(db);
    this.position.next(position);
  }

  get checkpoint(): number {
    return this.position.value;
  }

  /** Whether it follows the store (started, not stopped, not failed). */
  get running(): boolean {
    return this.subscription !== undefined;
  }

  /** Why the projector stopped applying events, if it did. */
  get failedBecause(): string | undefined {
    return this.failure;
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
    let checkpoint = this.checkpoint;
    const unknown: string[] = [];
    try {
      this.db.transaction(() => {
        for (const event of batch) {
          if (event.position <= checkpoint) {
            this.redelivered += 1;
            continue;
          }
          const readers = this.readersOf(event.type);
          for (const projection of readers) projection.apply(this.db, event);
          if (readers.length === 0) unknown.push(event.type);
          checkpoint = event.position;
        }
        for (const projection of this.projections) projection.endBatch?.(this.db);
        this.checkpoints.save(this.options.name, checkpoint);
      })();
    } catch (error) {
      // A projection that cannot apply an event stops the projector: skipping would corrupt the read model.
      for (const projection of this.projections) projection.abortBatch?.();
      this.fail(error);
      return;
    }
    for (const type of unknown) {
      if (this.unknown[type] === undefined) this.options.onUnknownEventType?.(type);
      this.unknown[type] = (this.unknown[type] ?? 0) + 1;
    }
    this.position.next(checkpoint);
  }

  /** Resolves once the read models include `position` (read-your-writes). */
  async caughtUp(position: number): Promise<void> {
    await firstValueFrom(this.position.pipe(filter((checkpoint) => checkpoint >= position)));
  }

  async status(): Promise<ProjectorStatus> {
    const head = await this.store.headPosition();
    return {
      checkpoint: this.checkpoint,
      head,
      lag: Math.max(0, head - this.checkpoint),
      unknownEventTypes: { ...this.unknown },
      redelivered: this.redelivered,
      ...(this.failure !== undefined && { failure: this.failure }),
    };
  }

  private fail(error: unknown): void {
    this.failure = error instanceof Error ? error.message : String(error);
    this.stop();
  }

  private readersOf(type: string): readonly Projection[] {
    let readers = this.readers.get(type);
    if (!readers) {
      readers = this.projections.filter((projection) => projection.eventTypes.has(type));
      this.readers.set(type, readers);
    }
    return readers;
  }

  private prepare(db: Database.Database): Checkpoints {
    for (const projection of this.projections) {
      projection.migrate(db);
      if (!this.options.deferIndexes) projection.createIndexes?.(db);
    }
    return new Checkpoints(db);
  }
}
