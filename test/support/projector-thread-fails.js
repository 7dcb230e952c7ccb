// Starts the built projector thread over the log in the directory given, with
// throw-in-projector-thread.js preloaded (-r), waits for the failure it makes and prints what the
// service was told (test/projector-thread.e2e.spec.ts). Plain JavaScript, so that it runs the code
// that ships.
const { join } = require('node:path');
const { SqliteEventStore } = require('../../dist/libs/event-store/src/index.js');
const { LiveReadModels, readModelProjections } = require('../../dist/libs/projections/src/index.js');
const [directory] = process.argv.slice(2);
const store = new SqliteEventStore({ path: join(directory, 'events.db') });
const failures = [];
const live = LiveReadModels.open(store, {
  path: join(directory, 'read-models.db'),
  projections: readModelProjections,
  logPath: join(directory, 'events.db'),
  projector: {
    batchSize: 20,
    batchWindowMs: 1,
    onFailure: (error, checkpoint) =>
      failures.push({
        type: error.constructor.name,
        message: error.message,
        code: error.code,
        stack: error.stack,
        checkpoint,
      }),
  },
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
void (async () => {
  live.projector.start();
  const deadline = Date.now() + 30_000;
  while (failures.length === 0 && Date.now() < deadline) await pause(10);
  // Whatever the thread posted before it ended has arrived by now.
  await pause(200);
  const status = await live.projector.status();
  live.projector.start();
  const committed = live.db.prepare("SELECT position FROM checkpoints WHERE projector = 'read-models'").pluck().get();
  const told = { failures, status, runningWhenStartedAgain: live.projector.running, committed };
  await live.close();
  await store.close();
  process.stdout.write(JSON.stringify(told));
})();
