// Runs the projector over an existing store until its parent kills it (test/projector-crash.e2e.spec.ts).
// Reports its checkpoint after each committed batch, one JSON line each. Plain JavaScript over the
// built libraries, so the child starts fast and runs exactly the code that ships.
const Database = require('better-sqlite3');
const { SqliteEventStore } = require('../../dist/libs/event-store/src/index.js');
const { Projector, QualificationProjection } = require('../../dist/libs/projections/src/index.js');

const [storePath, readModelPath] = process.argv.slice(2);
const store = new SqliteEventStore({ path: storePath });
const projector = new Projector(store, new Database(readModelPath), [new QualificationProjection()], {
  name: 'read-models',
  batchSize: 50,
  batchWindowMs: 1,
});
projector.start();
setInterval(() => process.stdout.write(`${JSON.stringify({ checkpoint: projector.checkpoint })}\n`), 10);
