import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command, enrolmentBody, personPath } from './support/commands';
import { ledger } from './support/cli-fixtures';
import { call, testKeys, testKeysVariable } from './support/keys';
import { type RunningApi, runApiExpectingExit, startApi, temporaryDirectory } from './support/ledger-processes';

/** The insurer's policy file: the NHI scheme's legacy cards stop earlier than the law's last day (seed 001). */
function policyFile(policy: unknown): string {
  const path = join(temporaryDirectory(), 'policy.json');
  writeFileSync(path, JSON.stringify(policy));
  return path;
}

describe('an insurer’s policy (LEDGER_POLICY_FILE, DOMAIN.md §8)', () => {
  let api: RunningApi;
  const wardPolicy = policyFile({ legacyCardLastValidDayByScheme: { 'national-health-insurance': '2025-09-30' } });

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable, LEDGER_POLICY_FILE: wardPolicy });
  });
  afterAll(() => api.stop());

  it('R11: the API decides and answers with the insurer’s cap on its scheme’s legacy cards', async () => {
    expect((await command(api, 'POST', `${personPath('WARD')}/enrolment`, enrolmentBody)).status).toBe(201);
    const card = {
      documentId: 'card-1',
      documentType: 'legacy-card',
      issuedOn: '2024-08-01',
      validFrom: '2024-08-01',
      validUntil: '2026-07-31',
      delivery: 'mail-to-person',
      occasion: 'renewal',
    };
    expect((await command(api, 'POST', `${personPath('WARD')}/documents`, card)).status).toBe(201);
    const headers = { 'ledger-min-position': '2' };
    const stateOn = async (on: string) => {
      const answer = await call(api, 'GET', `${personPath('WARD')}/documents?on=${on}`, {
        key: testKeys.clerk,
        headers,
      });
      return ((await answer.json()) as { documents: { state: string }[] }).documents[0]!.state;
    };
    expect(await stateOn('2025-09-30')).toBe('valid');
    expect(await stateOn('2025-10-01')).toBe('expired');
    const lapsing = await call(
      api,
      'GET',
      '/v1/insurers/123455/worklists/legacy-cards-lapsing?from=2025-07-01&to=2025-12-31',
      {
        key: testKeys.clerk,
        headers,
      },
    );
    expect(await lapsing.json()).toMatchObject({ lapsing: [{ personId: 'WARD', stopsOn: '2025-10-01' }] });
  });

  it('a worklist range of one day holds the card that stops that day, and only that day', async () => {
    const lapsingOn = async (day: string) => {
      const answer = await call(
        api,
        'GET',
        `/v1/insurers/123455/worklists/legacy-cards-lapsing?from=${day}&to=${day}`,
        { key: testKeys.clerk, headers: { 'ledger-min-position': '2' } },
      );
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { lapsing: { personId: string }[] }).lapsing.map(({ personId }) => personId);
    };
    expect(await lapsingOn('2025-09-30')).toEqual([]);
    expect(await lapsingOn('2025-10-01')).toEqual(['WARD']);
    expect(await lapsingOn('2025-10-02')).toEqual([]);
  });

  it('logs the policy it decides with at start', () => {
    expect(api.stdout()).toContain(
      '"legacyCardLastValidDayByScheme":{"late-elderly":"2025-07-31","national-health-insurance":"2025-09-30"}',
    );
  });

  it('ledger policy prints the same policy', () => {
    const run = ledger(['policy'], { LEDGER_POLICY_FILE: wardPolicy });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      legacyCardLastValidDayByScheme: { 'late-elderly': '2025-07-31', 'national-health-insurance': '2025-09-30' },
    });
  });

  it('R35: ledger generate decides under the policy, so that an import under it refuses none of its lines', () => {
    const laterCancellations = { LEDGER_POLICY_FILE: policyFile({ cancellationDelayMonths: { min: 3, max: 4 } }) };
    const imported = (generateEnvironment: NodeJS.ProcessEnv) => {
      const generated = ledger(['generate', '--persons', '60', '--seed', '8'], generateEnvironment);
      expect(generated.status).toBe(0);
      const file = join(temporaryDirectory(), 'commands.ndjson');
      writeFileSync(file, generated.stdout);
      const run = ledger(['import', file, '--data-dir', join(temporaryDirectory(), 'data')], laterCancellations);
      return { status: run.status, refused: (JSON.parse(run.stdout) as { refused: number }).refused };
    };
    expect(imported(laterCancellations)).toEqual({ status: 0, refused: 0 });
    // Generated under the law's delay of one to two months, its cancellations are refused (exit 1).
    const underTheLaw = imported({});
    expect(underTheLaw.status).toBe(1);
    expect(underTheLaw.refused).toBeGreaterThan(0);
  }, 60_000);

  it('a wrong policy file stops the API and the CLI, naming the file and the field', async () => {
    const wrong = policyFile({ certificateMaxValidityYears: 7 });
    const started = await runApiExpectingExit({ LEDGER_POLICY_FILE: wrong });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain(
      `LEDGER_POLICY_FILE ${wrong}: certificateMaxValidityYears must be a whole number from 1 to 5`,
    );
    expect(started.stderr).not.toMatch(/^\s+at /m);
    const printed = ledger(['policy'], { LEDGER_POLICY_FILE: join(temporaryDirectory(), 'missing.json') });
    expect(printed.status).toBe(2);
    expect(printed.stderr).toContain('cannot be read');
  });
});
