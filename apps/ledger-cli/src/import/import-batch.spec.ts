import { defaultPolicy } from '@ledger/domain';
import { type EventStore, SqliteEventStore } from '@ledger/event-store';
import { CommandHandler, parseBatchLine } from '@ledger/ledger';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrolmentLine } from '../../../../libs/ledger/src/command-lines.test-kit';
import {
  type CheckedFile,
  checkBatchFile,
  importBatchFile,
  type ImportReport,
  linesPerCheckpoint,
} from './import-batch';
import { ImportCheckpoint, type ImportProgress } from './import-checkpoint';

const person = { insurerNumber: '123455', personId: 'P-1' };
const detailsChange = (key: string, change: Record<string, unknown>) =>
  JSON.stringify({ command: 'details-change', ...person, idempotencyKey: key, effectiveOn: '2024-06-01', ...change });
const lines = [
  enrolmentLine('i-1'),
  detailsChange('i-2', { burdenRatio: 30 }),
  JSON.stringify({
    command: 'eligibility-check',
    ...person,
    idempotencyKey: 'i-3',
    medicalInstitutionCode: '0110113719',
    confirmationDate: '2025-07-20',
    method: 'card',
    validity: 1,
  }),
  JSON.stringify({
    command: 'withdrawal',
    ...person,
    idempotencyKey: 'i-4',
    lostOn: '2024-03-01',
    reason: 'moved-out',
  }),
];
const actor = { keyId: 'cli:test', role: 'admin' } as const;

/** A report that keeps what it was told. */
function recording() {
  const told = { earlier: [] as number[], earlierCount: 0, stale: [] as number[], refused: [] as number[] };
  const report: ImportReport = {
    earlierRefusals: (refusals, refused) => {
      told.earlier.push(...refusals.map((refusal) => refusal.line));
      told.earlierCount = refused;
    },
    checkpointStale: (line) => told.stale.push(line),
    line: (_, refusal) => refusal && told.refused.push(refusal.line),
  };
  return { told, report };
}

/**
 * The store as the import sees it while another writer (the API beside it) changes person P-1 just
 * before each append of the import for which `interferes(n)` holds, n counting the import's appends.
 */
function withAnotherWriter(store: EventStore, interferes: (append: number) => boolean) {
  const other = new CommandHandler(store);
  const seen = { appends: 0 };
  const interfering: EventStore = Object.assign(Object.create(store) as EventStore, {
    append: async (...args: Parameters<EventStore['append']>) => {
      seen.appends += 1;
      if (interferes(seen.appends)) {
        const parsed = parseBatchLine(detailsChange(`api-${seen.appends}`, { name: `山田 太朗${seen.appends}` }));
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        await other.handle({ ...parsed.target, command: parsed.command, actor, channel: 'api', correlationId: 'c' });
      }
      return store.append(...args);
    },
  });
  return { interfering, seen };
}

async function types(store: EventStore): Promise<string[]> {
  const found: string[] = [];
  for await (const event of store.readAll()) found.push(event.type);
  return found;
}

describe('importBatchFile', () => {
  let directory: string;
  let store: SqliteEventStore;
  let file: string;
  let checked: CheckedFile;
  /** Imports the checked file into `target`, as the CLI does with the law's policy. */
  const importInto = (target: EventStore, report: ImportReport, checkpoint = new ImportCheckpoint(directory, 'test')) =>
    importBatchFile(target, checked, checkpoint, actor, report, defaultPolicy);

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    store = new SqliteEventStore({ path: join(directory, 'events.db') });
    file = join(directory, 'lines.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    checked = await checkBatchFile(file);
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('counts each line once: applied, unchanged (recorded as a confirmation only) or refused', async () => {
    const { told, report } = recording();
    const tally = await importInto(store, report);
    expect(tally).toEqual({ done: 4, skipped: 0, applied: 2, repeated: 0, unchanged: 1, refused: 1 });
    expect(told.refused).toEqual([4]);
    expect(await types(store)).toEqual([
      'QualificationAcquired',
      'QualificationDetailsConfirmed',
      'EligibilityChecked',
    ]);
  });

  it('run again, reports and counts the refusals of the earlier run, which it does not decide again', async () => {
    await importInto(store, recording().report);
    const { told, report } = recording();
    const again = await importInto(store, report);

    expect(again).toEqual({ done: 4, skipped: 4, applied: 0, repeated: 0, unchanged: 0, refused: 1 });
    expect(told).toMatchObject({ earlier: [4], earlierCount: 1, stale: [], refused: [] });
  });

  it('does not trust a checkpoint whose last event the ledger lacks (restored from a backup): every line runs again', async () => {
    await importInto(store, recording().report);
    const restored = new SqliteEventStore({ path: join(directory, 'restored.db') });
    try {
      const { told, report } = recording();
      const tally = await importInto(restored, report);

      expect(told).toMatchObject({ stale: [4], earlier: [], refused: [4] });
      expect(tally).toEqual({ done: 4, skipped: 0, applied: 2, repeated: 0, unchanged: 1, refused: 1 });
      expect(await types(restored)).toEqual(await types(store));
    } finally {
      await restored.close();
    }
  });

  it('does not trust a checkpoint after a restore that kept only events its last lines found repeated', async () => {
    const earlierFile = join(directory, 'earlier.ndjson');
    writeFileSync(earlierFile, `${enrolmentLine('p-1', { personId: 'P-1' })}\n`);
    const earlier = await checkBatchFile(earlierFile);
    const laterFile = join(directory, 'later.ndjson');
    writeFileSync(
      laterFile,
      `${enrolmentLine('p-2', { personId: 'P-2' })}\n${enrolmentLine('p-1', { personId: 'P-1' })}\n`,
    );
    const later = await checkBatchFile(laterFile);
    const run = (target: EventStore, file: CheckedFile, name: string, report = recording().report) =>
      importBatchFile(target, file, new ImportCheckpoint(directory, name), actor, report, defaultPolicy);
    // The backup: the log as it was after the earlier file only.
    const restored = new SqliteEventStore({ path: join(directory, 'restored.db') });
    try {
      await run(restored, earlier, 'earlier-of-the-backup');
      await run(store, earlier, 'earlier');
      expect(await run(store, later, 'later')).toMatchObject({ applied: 1, repeated: 1 });

      const { told, report } = recording();
      const tally = await run(restored, later, 'later', report);
      expect(told.stale).toEqual([2]);
      expect(tally).toMatchObject({ skipped: 0, applied: 1, repeated: 1 });
      expect(await types(restored)).toEqual(['QualificationAcquired', 'QualificationAcquired']);
    } finally {
      await restored.close();
    }
  });

  it('keeps and reports a refusal without a My Number the line named (a document id)', async () => {
    const delivery = JSON.stringify({
      command: 'document-delivery',
      ...person,
      idempotencyKey: 'delivery-1',
      documentId: 'D123456789018',
      deliveredOn: '2024-05-01',
    });
    writeFileSync(file, `${enrolmentLine('i-1')}\n${delivery}\n`);
    checked = await checkBatchFile(file);
    const shown: string[] = [];
    await importInto(store, { ...recording().report, line: (_, refusal) => refusal && shown.push(...refusal.errors) });
    expect(shown).toEqual([expect.stringContaining('no document D[redacted]')]);
    const kept = new ImportCheckpoint(directory, 'test').load().refusals.flatMap((refusal) => refusal.errors);
    expect(kept).toEqual(shown);
  });

  describe('with many lines', () => {
    const count = 2 * linesPerCheckpoint + 30;
    const refusedLine = 5;
    /** Enrolments of distinct persons; line 5 withdraws the person of line 4 before the enrolment, which R1 refuses. */
    const manyLines = Array.from({ length: count }, (_, index) =>
      index + 1 === refusedLine
        ? JSON.stringify({
            command: 'withdrawal',
            insurerNumber: '123455',
            personId: 'M-4',
            idempotencyKey: 'm-5',
            lostOn: '2024-03-01',
            reason: 'moved-out',
          })
        : enrolmentLine(`m-${index + 1}`, { personId: `M-${index + 1}` }),
    );
    /** A checkpoint that keeps each line it saved, and whether the refusal was in it. */
    class SavesKept extends ImportCheckpoint {
      readonly saved: { line: number; refused: number }[] = [];
      override save(progress: ImportProgress): void {
        this.saved.push({ line: progress.line, refused: progress.refused });
        super.save(progress);
      }
    }

    beforeEach(async () => {
      writeFileSync(file, `${manyLines.join('\n')}\n`);
      checked = await checkBatchFile(file);
    });

    it('saves a refusal before the next line runs, otherwise a checkpoint every linesPerCheckpoint lines and one at the end', async () => {
      const checkpoint = new SavesKept(directory, 'many');
      const tally = await importInto(store, recording().report, checkpoint);

      expect(tally).toMatchObject({ done: count, applied: count - 1, refused: 1 });
      expect(checkpoint.saved).toEqual([
        { line: refusedLine, refused: 1 },
        { line: refusedLine + linesPerCheckpoint, refused: 1 },
        { line: refusedLine + 2 * linesPerCheckpoint, refused: 1 },
        { line: count, refused: 1 },
      ]);
    });

    it('killed between checkpoints, runs again the lines after the last one: each is found by its key, none written twice', async () => {
      const lastSaved = refusedLine + linesPerCheckpoint;
      // The run is killed after line lastSaved + 20 was written: its checkpoint says lastSaved.
      const killed = Object.assign(Object.create(store) as EventStore, {
        append: async (...args: Parameters<EventStore['append']>) => {
          const [stream] = args;
          if (stream === `insured-123455-M-${lastSaved + 21}`) throw new Error('killed');
          return store.append(...args);
        },
      });
      const checkpoint = new ImportCheckpoint(directory, 'many');
      // A kill runs no finally: the checkpoint the killed run saved last is the one a new run finds.
      jest.spyOn(checkpoint, 'save').mockImplementation((progress) => {
        if (progress.line <= lastSaved) ImportCheckpoint.prototype.save.call(checkpoint, progress);
      });
      await expect(importInto(killed, recording().report, checkpoint)).rejects.toThrow('killed');
      expect(checkpoint.load().line).toBe(lastSaved);
      const eventsBefore = (await types(store)).length;

      const { told, report } = recording();
      const again = await importInto(store, report, new ImportCheckpoint(directory, 'many'));
      expect(again).toEqual({
        done: count,
        skipped: lastSaved,
        applied: count - lastSaved - 20,
        repeated: 20,
        unchanged: 0,
        refused: 1,
      });
      expect(told).toMatchObject({ earlier: [refusedLine], refused: [] });
      expect((await types(store)).length).toBe(eventsBefore + count - lastSaved - 20);
    });
  });

  it('decides a line again when another writer changed the person between its read and its append, twice', async () => {
    // Before the import's first two attempts at its second line: decided on memory, then on the stream as read.
    const { interfering, seen } = withAnotherWriter(store, (append) => append === 2 || append === 3);
    const tally = await importInto(interfering, recording().report);

    expect(seen.appends).toBeGreaterThan(3);
    expect(tally).toEqual({ done: 4, skipped: 0, applied: 2, repeated: 0, unchanged: 1, refused: 1 });
    expect(await types(store)).toEqual([
      'QualificationAcquired',
      'QualificationDetailsChanged',
      'QualificationDetailsChanged',
      'QualificationDetailsConfirmed',
      'EligibilityChecked',
    ]);
  });

  it('applies only the lines it checked: a file changed since stops at the first line that is not, writing nothing of it', async () => {
    const changed = [...lines];
    changed[2] = detailsChange('i-3', { address: '中央区1-1' });
    writeFileSync(file, `${changed.join('\n')}\n`);
    await expect(importInto(store, recording().report)).rejects.toThrow(
      'the file changed since it was checked (line 3 is not the one checked)',
    );
    expect(await types(store)).toEqual(['QualificationAcquired', 'QualificationDetailsConfirmed']);
  });

  it('stops on a line added after the check, and on a file cut short', async () => {
    writeFileSync(file, `${[...lines, detailsChange('i-5', { name: '山田 次郎' })].join('\n')}\n`);
    const grown = importInto(store, recording().report, new ImportCheckpoint(directory, 'grown'));
    await expect(grown).rejects.toThrow('(line 5 is not the one checked)');
    expect(await types(store)).not.toContain('QualificationDetailsChanged');

    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    const cut = importInto(store, recording().report, new ImportCheckpoint(directory, 'cut'));
    await expect(cut).rejects.toThrow('(it has 2 of the 4 lines checked)');
  });

  it('stops with the line named when the person changes under another writer at every attempt', async () => {
    const { interfering } = withAnotherWriter(store, (append) => append > 1);
    const checkpoint = new ImportCheckpoint(directory, 'test');

    await expect(importInto(interfering, recording().report, checkpoint)).rejects.toThrow(
      'line 2: the person kept changing under another writer; run the import again to resume',
    );
    expect(checkpoint.load().line).toBe(1);
  });
});
