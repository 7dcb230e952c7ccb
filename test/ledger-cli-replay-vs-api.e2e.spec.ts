import Database from 'better-sqlite3';
import { calendarDate, instantFromEpochMillis, parsePersonStream } from '@ledger/domain';
import { decodePersonState, qualificationOn } from '@ledger/projections';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { firstRecordedAt, fixtureLedger, hour, ledger } from './support/cli-fixtures';
import { call, testKeys, testKeysVariable } from './support/keys';
import { type RunningApi, startApi, temporaryDirectory } from './support/ledger-processes';

jest.setTimeout(60_000);

/**
 * R42 from both sides: what the auditor's offline replay says the ledger knew at T is what the
 * running service answers with `asKnownAt=T`, person by person and date by date.
 */
describe('R42: ledger replay --as-known-at agrees with the API asked asKnownAt', () => {
  let api: RunningApi | undefined;

  afterAll(async () => {
    await api?.stop();
  });

  it('gives the same qualification for every person known at the instant, on each date asked', async () => {
    const dataDirectory = await fixtureLedger(12);
    const knownAt = instantFromEpochMillis(firstRecordedAt + 9.5 * hour);
    const out = join(temporaryDirectory(), 'known.db');
    expect(ledger(['replay', '--data-dir', dataDirectory, '--as-known-at', knownAt, '--out', out]).status).toBe(0);

    // The service records each lookup (R40): it gets a copy, so the replayed log stays as it was.
    const served = join(temporaryDirectory(), 'served');
    cpSync(dataDirectory, served, { recursive: true });
    api = await startApi({ LEDGER_DATA_DIR: served, LEDGER_API_KEYS: testKeysVariable });

    const replayed = new Database(out, { readonly: true });
    const rows = replayed
      .prepare<[], { stream: string; state: string }>('SELECT stream, state FROM person_states')
      .all();
    replayed.close();
    expect(rows.length).toBeGreaterThan(1);
    for (const { stream, state } of rows) {
      const { insurerNumber, personId } = parsePersonStream(stream)!;
      for (const on of ['2024-12-01', '2025-06-30', '2026-04-01']) {
        const path = `/v1/insurers/${insurerNumber}/persons/${personId}?on=${on}&asKnownAt=${encodeURIComponent(knownAt)}`;
        const response = await call(api, 'GET', path, { key: testKeys.auditor });
        expect(response.status).toBe(200);
        const expected = JSON.parse(
          JSON.stringify(qualificationOn(decodePersonState(state), calendarDate(on))),
        ) as object;
        expect(await response.json()).toMatchObject(expected);
      }
    }
  });
});
