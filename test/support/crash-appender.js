// Appends forever to the embedded store and reports each acknowledged append on stdout, one JSON
// line each, until its parent kills it (test/store-crash.e2e.spec.ts). Plain JavaScript over the
// built store, so the child starts fast and runs exactly the code that ships.
const { randomUUID } = require('node:crypto');
const { SqliteEventStore } = require('../../dist/libs/event-store/src/sqlite/sqlite-event-store.js');

// Groups of more than 4 appends commit in the writer thread and smaller ones here (ADR 0014): the
// kill finds both, and the hand-overs between the two connections.
const store = new SqliteEventStore({ path: process.argv[2], appendsCommittedNearby: 4 });
const writers = 16;
let sequence = 0;

async function writer() {
  for (;;) {
    const batch = randomUUID();
    const size = 1 + (sequence % 3);
    const stream = `insured-123455-crash-${sequence % 40}`;
    const events = Array.from({ length: size }, (_, index) => ({
      type: 'QualificationAcquired',
      data: { name: '山田 太郎', sequence: (sequence += 1), index },
      metadata: { batch, size },
    }));
    const result = await store.append(stream, events, 'any');
    process.stdout.write(
      `${JSON.stringify({ batch, stream, events: result.events.map(({ id, position, revision, data }) => ({ id, position, revision, data })) })}\n`,
    );
  }
}

for (let index = 0; index < writers; index += 1) void writer();
