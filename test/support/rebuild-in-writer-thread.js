// Rebuilds every read model into a new file with the built libraries, where the rows are committed
// by the writer thread, and prints the file's table checksums as one JSON line
// (test/rebuild-writer-thread.e2e.spec.ts). With `poisoned`, a projection whose rows the writer
// cannot commit joins them, and the rebuild's error is printed instead.
const Database = require('better-sqlite3');
const { SqliteEventStore } = require('../../dist/libs/event-store/src/index.js');
const {
  openRebuildTarget,
  readModelChecksums,
  readModelProjections,
  rebuildInto,
} = require('../../dist/libs/projections/src/index.js');

const [storePath, readModelPath, batchSize, poisoned] = process.argv.slice(2);

/** Writes NULL into a NOT NULL column for the first enrolment it sees. */
const unwritable = {
  name: 'unwritable',
  eventTypes: new Set(['QualificationAcquired']),
  writeStatements: { 'unwritable.row': { insert: 'INSERT INTO unwritable (stream)', columns: 1 } },
  migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS unwritable (stream TEXT NOT NULL)'),
  apply: (_event, writes) => writes.rowsOf('unwritable.row').push(null),
};

async function main() {
  const store = new SqliteEventStore({ path: storePath });
  const db = openRebuildTarget(readModelPath);
  const projections = [...readModelProjections(), ...(poisoned ? [unwritable] : [])];
  try {
    const checkpoint = await rebuildInto(store, db, projections, { batchSize: Number(batchSize) });
    db.close();
    const rebuilt = new Database(readModelPath, { readonly: true });
    process.stdout.write(`${JSON.stringify({ checkpoint, checksums: readModelChecksums(rebuilt) })}\n`);
    rebuilt.close();
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ failure: error.message })}\n`);
  }
  await store.close();
}

void main();
