import Database from 'better-sqlite3';
import { insuredPersonStream, type InsuredPersonEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { generateHistories } from '@ledger/synthetic';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliEntry, temporaryDirectory } from './ledger-processes';

/** The fixture's clock: each append is recorded one hour after the previous one. */
export const firstRecordedAt = Date.parse('2025-01-06T00:00:00Z');
export const hour = 3_600_000;

export const restrictedPerson = 'insured-123455-R0000001';
export const openPerson = 'insured-123455-U0000001';
export const restrictedAddress = '東京都千代田区永田町1-7-1';
export const openAddress = '東京都新宿区西新宿2-8-1';

const acquired = (personId: string, address: string): InsuredPersonEvent =>
  ({
    type: 'QualificationAcquired',
    schemaVersion: 1,
    data: {
      insurerNumber: '123455',
      relationship: 'insured',
      acquiredOn: '2025-01-06',
      birthDate: '1980-05-05',
      number: personId,
      name: '山田 花子',
      address,
      burdenRatio: 30,
    },
  }) as InsuredPersonEvent;

const checked = {
  type: 'EligibilityChecked',
  data: { medicalInstitutionCode: '0110113719', confirmationDate: '2025-01-20', method: 'card', validity: 1 },
};

/** A ledger of synthetic histories plus one restricted and one unrestricted person with addresses and access history. */
export async function fixtureLedger(persons = 20): Promise<string> {
  const dataDirectory = join(temporaryDirectory(), 'data');
  mkdirSync(dataDirectory, { recursive: true });
  let tick = firstRecordedAt - hour;
  const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db'), clock: () => new Date((tick += hour)) });
  const metadata = { actor: 'clerk-7', channel: 'counter' };
  for (const [personId, address] of [
    ['R0000001', restrictedAddress],
    ['U0000001', openAddress],
  ] as const) {
    const stream = `insured-123455-${personId}`;
    await store.append(stream, [{ ...acquired(personId, address), metadata }], 'no_stream');
    if (personId.startsWith('R')) {
      await store.append(
        stream,
        [{ type: 'ViewingRestrictionFiled', data: { filedOn: '2025-01-10', scope: 'non-disclosure' }, metadata }],
        'any',
      );
    }
    await store.append(stream, [{ ...checked, metadata: { actor: 'clinic-0110113719', channel: 'online' } }], 'any');
  }
  for (const generated of generateHistories(persons, 11)) {
    const stream = insuredPersonStream(generated.insurerNumber, generated.personId);
    const events = generated.events.map((event) => ({ type: event.type, data: event.data, metadata }));
    if (events.length > 0) await store.append(stream, events, 'any');
  }
  await store.close();
  return dataDirectory;
}

/**
 * A ledger whose one person's stream is named by a My Number, as a log written before ids were
 * checked may hold (DOMAIN.md §3.3), its one event changed by `change` behind the store's back.
 */
export async function tamperedLedgerOfMyNumberId(myNumber: string, change: string): Promise<string> {
  const dataDirectory = join(temporaryDirectory(), 'data');
  mkdirSync(dataDirectory, { recursive: true });
  const store = new SqliteEventStore({ path: join(dataDirectory, 'events.db') });
  const acquiredByName = { type: 'QualificationAcquired', data: { name: '山田' } };
  await store.append(`insured-123455-${myNumber}`, [acquiredByName], 'no_stream');
  await store.close();
  tamper(dataDirectory, (db) => db.prepare(change).run());
  return dataDirectory;
}

/** Raw SQL on the events table, behind the store's back (as in tamper-detection.spec.ts). */
export function tamper(dataDirectory: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dataDirectory, 'events.db'));
  change(db);
  db.close();
}

/** Runs the built CLI with a clean environment for the ledger's variables. */
export function ledger(args: readonly string[], environment: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const {
    LEDGER_DATA_DIR: _dir,
    LEDGER_STORE: _store,
    EVENTSTORE_CONNECTION_STRING: _esdb,
    ...inherited
  } = process.env;
  return spawnSync(process.execPath, [cliEntry, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...inherited, ...environment },
  });
}
