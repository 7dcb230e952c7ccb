// Rebuilds the read models beside the live ones until its parent kills it (test/rebuild-crash.e2e.spec.ts).
// Reports each progress of the rebuild as a JSON line. Plain JavaScript over the built libraries,
// so the child starts fast and runs exactly the code that ships.
const { SqliteEventStore } = require('../../dist/libs/event-store/src/index.js');
const {
  AuditTrailProjection,
  LiveReadModels,
  QualificationProjection,
} = require('../../dist/libs/projections/src/index.js');

const [storePath, readModelPath] = process.argv.slice(2);
const store = new SqliteEventStore({ path: storePath });
const readModels = LiveReadModels.open(store, {
  path: readModelPath,
  projections: () => [new QualificationProjection(), new AuditTrailProjection()],
});
readModels
  .rebuild({
    batchSize: 100,
    progressEveryMs: 0,
    onProgress: (progress) => process.stdout.write(`${JSON.stringify(progress)}\n`),
  })
  .then(() => process.stdout.write('{"swapped":true}\n'));
