// Starting the built service takes seconds on a busy machine.
jest.setTimeout(120_000);

import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { call, testKeys, testKeysVariable } from './support/keys';
import { command, enrolmentBody, personPath } from './support/commands';
import { eventually, runCli, startApi, temporaryDirectory } from './support/ledger-processes';
import { logLines } from './support/log-lines';

/** Enrols a person and answers the position the enrolment was written at. */
async function enrol(api: Awaited<ReturnType<typeof startApi>>, personId: string): Promise<number> {
  const response = await command(api, 'POST', `${personPath(personId)}/enrolment`, enrolmentBody);
  expect(response.status).toBe(201);
  return ((await response.json()) as { position: number }).position;
}

describe('a log put back from a backup, beside read models of a later state of it', () => {
  it('builds the read models again at start, so that nothing written after the restore is skipped', async () => {
    const data = join(temporaryDirectory(), 'data');
    const backup = join(temporaryDirectory(), 'events.db');
    const environment = { LEDGER_DATA_DIR: data, LEDGER_API_KEYS: testKeysVariable };
    const events = join(data, 'events.db');

    const first = await startApi(environment);
    await enrol(first, 'BEFORE-BACKUP');
    await first.stop();
    copyFileSync(events, backup);

    const second = await startApi(environment);
    const later = await enrol(second, 'LOST-WITH-THE-RESTORE');
    await enrol(second, 'ALSO-LOST');
    const lookup = (api: typeof second, personId: string, position: number) =>
      call(api, 'GET', personPath(personId), {
        key: testKeys.clerk,
        headers: { 'ledger-min-position': String(position) },
      });
    expect((await lookup(second, 'ALSO-LOST', later + 1)).status).toBe(200);
    await second.stop();

    for (const file of ['events.db-wal', 'events.db-shm']) rmSync(join(data, file), { force: true });
    copyFileSync(backup, events);
    expect(existsSync(join(data, 'read-models.db'))).toBe(true);

    const stats = runCli('stats', '--data-dir', data);
    expect(stats.status).toBe(0);
    expect(stats.stderr).toContain('past the head of the log at 1');
    expect(JSON.parse(stats.stdout)).toMatchObject({
      headPosition: 1,
      projectors: [expect.objectContaining({ aheadOfLog: true })],
    });

    const restored = await startApi(environment);
    try {
      const written = await enrol(restored, 'AFTER-RESTORE');
      expect(written).toBe(2);
      expect((await lookup(restored, 'AFTER-RESTORE', written)).status).toBe(200);
      expect((await lookup(restored, 'BEFORE-BACKUP', written)).status).toBe(200);
      expect((await lookup(restored, 'LOST-WITH-THE-RESTORE', written)).status).toBe(404);
      await eventually('the warning', () => logLines(restored).some((line) => line.msg?.includes('past the head')));
    } finally {
      await restored.stop();
    }
  });
});
