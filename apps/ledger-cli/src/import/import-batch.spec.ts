import { SqliteEventStore } from '@ledger/event-store';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrolmentLine } from '../../../../libs/ledger/src/command-lines.test-kit';
import { importBatchFile } from './import-batch';
import { ImportCheckpoint } from './import-checkpoint';

const person = { insurerNumber: '123455', personId: 'P-1' };
const lines = [
  enrolmentLine('i-1'),
  ...[
    { command: 'details-change', ...person, idempotencyKey: 'i-2', effectiveOn: '2024-06-01', burdenRatio: 30 },
    {
      command: 'eligibility-check',
      ...person,
      idempotencyKey: 'i-3',
      medicalInstitutionCode: '0110113719',
      confirmationDate: '2025-07-20',
      method: 'card',
      validity: 1,
    },
    { command: 'withdrawal', ...person, idempotencyKey: 'i-4', lostOn: '2024-03-01', reason: 'moved-out' },
  ].map((line) => JSON.stringify(line)),
];

describe('importBatchFile', () => {
  let directory: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-import-'));
    store = new SqliteEventStore({ path: join(directory, 'events.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('counts each line once: applied, unchanged (recorded as a confirmation only) or refused', async () => {
    const file = join(directory, 'lines.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const actor = { keyId: 'cli:test', role: 'admin' } as const;
    const tally = await importBatchFile(store, file, new ImportCheckpoint(directory, 'test'), actor, () => undefined);
    expect(tally).toEqual({ done: 4, skipped: 0, applied: 2, repeated: 0, unchanged: 1, refused: 1 });
    const types: string[] = [];
    for await (const event of store.readAll()) types.push(event.type);
    expect(types).toEqual(['QualificationAcquired', 'QualificationDetailsConfirmed', 'EligibilityChecked']);
  });
});
