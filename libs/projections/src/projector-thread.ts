import type Database from 'better-sqlite3';
import { type EventStore, threadError } from '@ledger/event-store/embedded';
import { Worker } from 'node:worker_threads';
import { CheckpointWatch } from './checkpoint-watch';
import { Checkpoints, positionToReattachAt } from './checkpoints';
import { type Projection } from './projection';
import {
  type LiveProjector,
  type ProjectorOptions,
  type ProjectorProgress,
  type ProjectorStatus,
  statusAt,
} from './projector';
import {
  type FromProjectorThread,
  projectorThreadFile,
  type ProjectorThreadData,
  type ToProjectorThread,
} from './projector.thread';
import { rethrown } from './thrown-in-thread';

export interface ProjectorThreadOptions extends ProjectorOptions {
  /** The embedded log's file, which the thread reads on a connection of its own. */
  readonly logPath: string;
}

/** Whether a thread can run the projector: the library is built to JavaScript (under jest it is not). */
export const projectorThreadCanStart = (db: Database.Database): boolean =>
  projectorThreadFile.endsWith('.js') && !db.memory && db.name !== '';

/**
 * The projector of the embedded store's read models, in a thread of its own (ADR 0017): it reads
 * the log, folds and commits there, and tells this thread each checkpoint it committed. This thread
 * keeps its connection to the read models for queries; what it reads is committed, and at or past
 * `checkpoint`.
 */
export class ProjectorThread implements LiveProjector {
  private readonly watch: CheckpointWatch;
  /** What the thread counted, as of its last checkpoint. */
  private tally: Omit<ProjectorProgress, 'checkpoint' | 'failure'> = { unknownEventTypes: {}, redelivered: 0 };
  /** Kept apart from the counts: a checkpoint the thread reported before failing may arrive after the failure. */
  private failure: string | undefined;
  private following = false;
  private readonly worker: Worker;
  private ended = false;
  private readonly exited: Promise<void>;
  /** Each `stop` waits for its own answer; the thread answers in order. */
  private readonly stopWaiters: (() => void)[] = [];

  /** `db`: this thread's connection, on which the projections' tables are created before the thread starts. */
  constructor(
    private readonly store: EventStore,
    db: Database.Database,
    projections: readonly Projection[],
    private readonly options: ProjectorThreadOptions,
  ) {
    for (const projection of projections) projection.migrate(db);
    this.watch = new CheckpointWatch(new Checkpoints(db).positionOf(options.name));
    const data: ProjectorThreadData = {
      role: 'projector',
      logPath: options.logPath,
      readModelsPath: db.name,
      name: options.name,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.batchWindowMs !== undefined && { batchWindowMs: options.batchWindowMs }),
    };
    this.worker = new Worker(projectorThreadFile, { workerData: data });
    this.worker.on('message', (message: FromProjectorThread) => this.receive(message));
    this.worker.on('error', (error: unknown) => this.fail(threadError(error, 'projector'), this.checkpoint));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.ended = true;
        if (this.following) this.fail(new Error('the projector thread stopped'), this.checkpoint);
        for (const stopped of this.stopWaiters.splice(0)) stopped();
        resolve();
      }),
    );
  }

  get checkpoint(): number {
    return this.watch.checkpoint;
  }

  get running(): boolean {
    return this.following;
  }

  /** Once the thread has failed or ended, it stays stopped: `running` says so. */
  start(): void {
    if (this.following || this.failure !== undefined || this.ended) return;
    this.following = true;
    this.post({ type: 'start' });
  }

  /** Resolves once the thread has stopped following and let go of the read models' file (also after a failure). */
  stop(): Promise<void> {
    this.following = false;
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      this.stopWaiters.push(resolve);
      this.post({ type: 'stop' });
    });
  }

  reattach(db: Database.Database): void {
    if (this.following) throw new Error('stop the projector before moving it to other read models');
    this.watch.moveTo(positionToReattachAt(db, this.options.name, this.checkpoint));
  }

  caughtUp(position: number, signal?: AbortSignal): Promise<void> {
    return this.watch.caughtUp(position, signal);
  }

  reaches(position: number, withinMs: number): Promise<boolean> {
    return this.watch.reaches(position, withinMs);
  }

  async status(): Promise<ProjectorStatus> {
    const failure = this.failure !== undefined && { failure: this.failure };
    return statusAt(await this.store.headPosition(), { ...this.tally, ...failure, checkpoint: this.checkpoint });
  }

  /** Stops the thread; resolves once it has closed its connections and ended. */
  async close(): Promise<void> {
    this.following = false;
    this.post({ type: 'close' });
    await this.exited;
  }

  private receive(message: FromProjectorThread): void {
    switch (message.type) {
      case 'progress': {
        // The thread's own failure comes in a message of its own, after this one.
        const { checkpoint, failure: _failure, ...tally } = message.progress;
        this.tally = tally;
        return this.watch.moveTo(checkpoint);
      }
      case 'unknown-event-type':
        return this.options.onUnknownEventType?.(message.eventType);
      case 'failed':
        return this.fail(rethrown(message.error), message.checkpoint ?? this.checkpoint);
      case 'stopped':
        return this.stopWaiters.shift()?.();
    }
  }

  private fail(error: Error, checkpoint: number): void {
    if (this.failure !== undefined) return;
    this.following = false;
    this.failure = error.message;
    this.options.onFailure?.(error, checkpoint);
  }

  private post(message: ToProjectorThread): void {
    this.worker.postMessage(message);
  }
}
