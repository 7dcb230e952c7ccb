import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '../verify-chain';
import { forgeChain, forgedMetadata, hashIn, insertRow, storedRows } from './forged-rows.test-kit';
import { SqliteEventStore } from './sqlite-event-store';

/** A ledger of three streams, then one raw SQL change behind the store's back, then verify. */
async function tamperedLedger(tamper: (db: Database.Database) => void) {
  const path = join(mkdtempSync(join(tmpdir(), 'ledger-tamper-')), 'events.db');
  const writer = new SqliteEventStore({ path });
  for (const person of ['A', 'B', 'C']) {
    await writer.append(
      `insured-123455-${person}`,
      [
        { type: 'QualificationAcquired', data: { name: `山田 ${person}` } },
        { type: 'CardRegistered', data: { channel: 'portal' } },
        { type: 'QualificationLost', data: { reason: 'moved-out' } },
      ],
      'no_stream',
    );
  }
  await writer.close();
  const db = new Database(path);
  tamper(db);
  db.close();
  const reader = new SqliteEventStore({ path });
  const verification = await verifyChain(reader.readAll());
  await reader.close();
  return verification;
}

describe('R41: verify finds what was done to the log behind the store', () => {
  it('an untouched log verifies', async () => {
    expect(await tamperedLedger(() => undefined)).toEqual({ eventsChecked: 9, streamsChecked: 3 });
  });

  it('finds an altered event', async () => {
    const result = await tamperedLedger((db) =>
      db.prepare(`UPDATE events SET data = '{"name":"偽 B"}' WHERE stream = 'insured-123455-B' AND revision = 0`).run(),
    );
    expect(result.firstBreak).toMatchObject({ stream: 'insured-123455-B', revision: 0, problem: 'altered' });
    // What was found intact before the break: A's three events, as for an event that cannot be decoded.
    expect(result).toMatchObject({ eventsChecked: 3, streamsChecked: 1 });
  });

  it('finds an event whose stored data is no longer JSON, and names where it is, without quoting the text (R31)', async () => {
    const result = await tamperedLedger((db) =>
      db
        .prepare(
          `UPDATE events SET data = '{"address":東京都千代田区1-1"}' WHERE stream = 'insured-123455-B' AND revision = 1`,
        )
        .run(),
    );
    expect(result).toMatchObject({ eventsChecked: 4, streamsChecked: 2 });
    expect(result.firstBreak).toMatchObject({
      stream: 'insured-123455-B',
      revision: 1,
      position: 5,
      problem: 'altered',
    });
    expect(result.firstBreak?.detail).toBe('its stored data is not JSON');
    expect(JSON.stringify(result)).not.toContain('東京');
  });

  it('finds an event whose stored metadata is JSON but no object, and names where it is', async () => {
    for (const metadata of ['null', '"x"', '[1]']) {
      const result = await tamperedLedger((db) =>
        db.prepare(`UPDATE events SET metadata = ? WHERE stream = 'insured-123455-B' AND revision = 1`).run(metadata),
      );
      expect(result.firstBreak).toMatchObject({
        stream: 'insured-123455-B',
        revision: 1,
        position: 5,
        problem: 'altered',
        detail: 'its stored metadata is not a JSON object',
      });
    }
  });

  it('finds the last event moved past log position 2^53, where reads of the log could no longer reach it', async () => {
    const result = await tamperedLedger((db) =>
      db.prepare('UPDATE events SET position = ? WHERE position = 9').run(2n ** 53n + 1n),
    );
    expect(result.firstBreak).toMatchObject({
      stream: 'insured-123455-C',
      revision: 2,
      problem: 'altered',
      detail: 'its log position is beyond 2^53, where no append puts one',
    });
  });

  it('finds a removed event', async () => {
    const result = await tamperedLedger((db) =>
      db.prepare(`DELETE FROM events WHERE stream = 'insured-123455-A' AND revision = 1`).run(),
    );
    expect(result.firstBreak).toMatchObject({ stream: 'insured-123455-A', revision: 2, problem: 'removed' });
    // The rest of the log is read only to look for the missing revision: none of it counts as checked.
    expect(result).toMatchObject({ eventsChecked: 1, streamsChecked: 1 });
  });

  it('finds two events swapped in the log', async () => {
    const result = await tamperedLedger((db) =>
      db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = 7').run();
        db.prepare('UPDATE events SET position = 7 WHERE position = 8').run();
        db.prepare('UPDATE events SET position = 8 WHERE position = -1').run();
      })(),
    );
    expect(result.firstBreak).toMatchObject({
      stream: 'insured-123455-C',
      revision: 1,
      position: 7,
      problem: 'reordered',
    });
  });

  it('finds an inserted event, even with its own hash recomputed', async () => {
    const result = await tamperedLedger((db) => {
      db.prepare(`DELETE FROM events WHERE stream = 'insured-123455-C' AND revision = 2`).run();
      const [, revision1, revision2] = storedRows(db, 'insured-123455-A');
      const row = { ...revision2!, id: '0195a1c0-7d7e-7000-8000-000000000001', stream: 'insured-123455-C' };
      // Its content and hash agree; it names the predecessor it had in stream A, not C's revision 1.
      insertRow(db, { ...row, metadata: forgedMetadata(row, hashIn(revision1!.metadata)) });
    });
    expect(result.firstBreak).toMatchObject({ stream: 'insured-123455-C', revision: 2, problem: 'broken-link' });
  });

  it("finds a stream's first event naming a predecessor, even with the whole chain recomputed after it", async () => {
    const result = await tamperedLedger((db) => {
      forgeChain(db, storedRows(db, 'insured-123455-B'), 'abc');
    });
    expect(result.firstBreak).toMatchObject({
      stream: 'insured-123455-B',
      revision: 0,
      position: 4,
      problem: 'broken-link',
    });
  });

  it("finds a stream's last revision repeated later in the log, in a store without the unique (stream, revision) index", async () => {
    const result = await tamperedLedger((db) => {
      const schema = db.prepare<[], string>(`SELECT sql FROM sqlite_master WHERE name = 'events'`).pluck().get()!;
      db.transaction(() => {
        db.exec(
          schema.replace('CREATE TABLE events', 'CREATE TABLE loose').replace(/,\s*UNIQUE \(stream, revision\)/, ''),
        );
        db.exec('INSERT INTO loose SELECT * FROM events; DROP TABLE events; ALTER TABLE loose RENAME TO events');
      })();
      const [, before, last] = storedRows(db, 'insured-123455-A');
      const repeated = { ...last!, id: '0195a1c0-7d7e-7000-8000-000000000002' };
      insertRow(db, { ...repeated, metadata: forgedMetadata(repeated, hashIn(before!.metadata)) });
    });
    expect(result.firstBreak).toMatchObject({
      stream: 'insured-123455-A',
      revision: 2,
      position: 10,
      problem: 'reordered',
    });
  });
});
