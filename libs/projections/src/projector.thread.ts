import { SqliteEventStore } from '@ledger/event-store/embedded';
import { skip } from 'rxjs';
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { openReadModelsAgain } from './open-read-models';
import { Projector, type ProjectorProgress } from './projector';
import { readModelProjections } from './read-model-projections';
import { thrownInThread, type ThrownInThread } from './thrown-in-thread';

/**
 * The projector's thread (ADR 0017): this module is its entry point. Built, it is a .js file a
 * Worker can start; under a TypeScript loader (jest) it is not, and the projector runs in the
 * service's thread.
 */
export const projectorThreadFile = __filename;

export interface ProjectorThreadData {
  readonly role: 'projector';
  /** The embedded log, read on a connection of this thread's own. */
  readonly logPath: string;
  /** The read models, which the service opened (and created or replaced) before starting the thread. */
  readonly readModelsPath: string;
  readonly name: string;
  readonly batchSize?: number;
  readonly batchWindowMs?: number;
}

export type ToProjectorThread = { readonly type: 'start' } | { readonly type: 'stop' } | { readonly type: 'close' };

export type FromProjectorThread =
  | { readonly type: 'progress'; readonly progress: ProjectorProgress }
  | { readonly type: 'unknown-event-type'; readonly eventType: string }
  /** `checkpoint`: the thread's, when it failed once its projector was there. */
  | { readonly type: 'failed'; readonly error: ThrownInThread; readonly checkpoint?: number }
  | { readonly type: 'stopped' };

/**
 * How often the thread's log connection asks SQLite whether the service committed while it waits
 * for events: the service's appends are another connection's, which only `PRAGMA data_version`
 * shows. A few microseconds each, against the projector's own 20 ms batch window.
 */
const logPollMs = 2;

function serve(port: MessagePort, data: ProjectorThreadData): void {
  const post = (message: FromProjectorThread) => port.postMessage(message);
  let projector: Projector | undefined = undefined;
  // An error nothing here caught (opening a file, a failed poll of the log between batches) ends the
  // thread. Told on the port, it keeps its class, message, stack and fields, which the Worker's own
  // 'error' event loses, and it arrives after the checkpoints committed before it.
  process.on('uncaughtException', (error) => {
    post({ type: 'failed', error: thrownInThread(error), ...(projector && { checkpoint: projector.checkpoint }) });
    process.exit(1);
  });
  const store = new SqliteEventStore({ path: data.logPath, otherWritersPollMs: logPollMs });
  let db = openReadModelsAgain(data.readModelsPath);
  projector = new Projector(store, db, readModelProjections(), {
    name: data.name,
    ...(data.batchSize !== undefined && { batchSize: data.batchSize }),
    ...(data.batchWindowMs !== undefined && { batchWindowMs: data.batchWindowMs }),
    onUnknownEventType: (eventType) => post({ type: 'unknown-event-type', eventType }),
    onFailure: (error, checkpoint) => post({ type: 'failed', error: thrownInThread(error), checkpoint }),
  });
  projector.checkpoints.pipe(skip(1)).subscribe(() => post({ type: 'progress', progress: projector.progress() }));
  port.on('message', (message: ToProjectorThread) => {
    switch (message.type) {
      case 'start':
        // Stopped, the thread let go of the file: a rebuild may have put another one in its place.
        if (!db.open) {
          db = openReadModelsAgain(data.readModelsPath);
          projector.reattach(db);
        }
        return projector.start();
      case 'stop':
        projector.stop();
        if (db.open) db.close();
        return post({ type: 'stopped' });
      case 'close':
        projector.stop();
        if (db.open) db.close();
        void store.close().finally(() => port.close());
    }
  });
}

const data = workerData as Partial<ProjectorThreadData> | undefined;
if (!isMainThread && parentPort && data?.role === 'projector') serve(parentPort, data as ProjectorThreadData);
