import { eventually, type RunningApi, startApi } from './support/ledger-processes';
import { call, testInsurer, testKeys, testKeysVariable } from './support/keys';
import { readFeed } from './support/sse';
import {
  type CommandAnswer,
  command,
  enrolmentBody,
  freshKey,
  headPosition,
  personPath,
  type Problem,
} from './support/commands';

// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

/** The enrolment a clerk sends to correct one: the whole enrolment as it should have been. */
const { address: _address, ...correctedEnrolment } = { ...enrolmentBody, birthDate: '1980-05-01' };

describe('corrections over HTTP (DOMAIN.md §4: corrections are events)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ LEDGER_API_KEYS: testKeysVariable });
  });

  afterAll(() => api.stop());

  async function written(response: Response): Promise<CommandAnswer & { events: { id: string }[] }> {
    const text = await response.text();
    if (response.status !== 201) throw new Error(`${response.status}: ${text}`);
    return JSON.parse(text) as CommandAnswer & { events: { id: string }[] };
  }

  const check = async (birthDate: string, number = enrolmentBody.number) => {
    const response = await call(api, 'POST', '/v1/eligibility-checks', {
      key: testKeys.medical,
      body: {
        medicalInstitutionCode: '0110113719',
        confirmationDate: '2025-06-01',
        method: 'numbers',
        insurerNumber: testInsurer,
        number,
        birthDate,
      },
    });
    return ((await response.json()) as { validity: number }).validity;
  };

  it('R41: a wrong birth date is corrected by an event naming the enrolment: clinics find the person, the log keeps both', async () => {
    const person = personPath(freshKey());
    const enrolment = await written(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const enrolmentEventId = enrolment.events[0]!.id;
    const reads = { key: testKeys.clerk, headers: { 'ledger-min-position': String(enrolment.position) } };
    const before = (await (await call(api, 'GET', person, reads)).json()) as { periods: unknown[] };
    expect(before.periods).toEqual([{ acquiredOn: '2024-04-01', enrolmentEventId }]);

    const correction = await written(
      await command(api, 'POST', `${person}/enrolment-correction`, {
        ...correctedEnrolment,
        address: enrolmentBody.address,
        correctedEventId: enrolmentEventId,
      }),
    );

    expect(correction.events).toEqual([
      expect.objectContaining({
        type: 'QualificationAcquiredCorrected',
        data: expect.objectContaining({ correctedEventId: enrolmentEventId, birthDate: '1980-05-01' }) as unknown,
      }),
    ]);
    expect(await check('1980-05-01')).toBe(1);
    expect(await check(enrolmentBody.birthDate)).toBe(4);
    const audit = await call(api, 'GET', `${person}/audit`, {
      key: testKeys.auditor,
      headers: { 'ledger-min-position': String(correction.position) },
    });
    const { entries } = (await audit.json()) as { entries: { eventId: string; type: string; effectiveOn: string }[] };
    const changes = entries.filter(({ type }) => type.startsWith('Qualification'));
    expect(changes.map(({ eventId, type, effectiveOn }) => ({ eventId, type, effectiveOn }))).toEqual([
      { eventId: enrolmentEventId, type: 'QualificationAcquired', effectiveOn: '2024-04-01' },
      { eventId: correction.events[0]!.id, type: 'QualificationAcquiredCorrected', effectiveOn: '2024-04-01' },
    ]);
    const feed = await readFeed(
      api,
      `/v1/feeds/qualification?after=${enrolment.position - 1}`,
      testKeys.auditor,
      (events) => events.some((event) => event.event === 'QualificationAcquiredCorrected'),
    );
    const items = feed.events.map(
      (event) => JSON.parse(event.data!) as { id: string; data: { correctedEventId?: string } },
    );
    expect(items.find((item) => item.data.correctedEventId !== undefined)?.data.correctedEventId).toBe(items[0]!.id);
    expect(items[0]!.id).toBe(enrolmentEventId);
    // A birth date is nothing a subscriber gets: its correction would only tell that a hidden detail changed (R31).
    const subscribed = await readFeed(
      api,
      `/v1/feeds/qualification?after=${enrolment.position - 1}`,
      testKeys.subscriber,
      (_, comments) => comments.includes('heartbeat'),
    );
    expect(subscribed.events.map((event) => event.event)).toContain('QualificationAcquired');
    expect(subscribed.events.map((event) => event.event)).not.toContain('QualificationAcquiredCorrected');
  });

  it('R41: a wrong number corrected is found under the corrected number, and the wrong one finds nobody', async () => {
    const person = personPath(freshKey());
    const wrongNumber = `9${freshKey().replace(/\D/g, '').slice(-8)}`;
    const rightNumber = `8${wrongNumber.slice(1)}`;
    const enrolment = await written(
      await command(api, 'POST', `${person}/enrolment`, { ...enrolmentBody, number: wrongNumber }),
    );
    // A person enrolled a moment ago is found once the projector has indexed the numbers (ADR 0006).
    await eventually(
      'the enrolment in the index',
      async () => (await check(enrolmentBody.birthDate, wrongNumber)) === 1,
    );

    await written(
      await command(api, 'POST', `${person}/enrolment-correction`, {
        ...enrolmentBody,
        number: rightNumber,
        correctedEventId: enrolment.events[0]!.id,
      }),
    );

    await eventually(
      'the corrected numbers in the index',
      async () => (await check(enrolmentBody.birthDate, rightNumber)) === 1,
    );
    expect(await check(enrolmentBody.birthDate, wrongNumber)).toBe(4);
  });

  it('R41: a withdrawal reported with the wrong date is corrected: coverage runs to the corrected date', async () => {
    const person = personPath(freshKey());
    await written(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const withdrawal = await written(
      await command(api, 'POST', `${person}/withdrawal`, { lostOn: '2025-06-01', reason: 'moved-out' }),
    );
    const withdrawalEventId = withdrawal.events[0]!.id;

    const correction = await written(
      await command(api, 'POST', `${person}/withdrawal-correction`, {
        lostOn: '2025-07-01',
        reason: 'other-insurance',
        correctedEventId: withdrawalEventId,
      }),
    );

    const read = await call(api, 'GET', `${person}?on=2025-06-15`, {
      key: testKeys.clerk,
      headers: { 'ledger-min-position': String(correction.position) },
    });
    expect(await read.json()).toMatchObject({
      covered: true,
      lostOn: '2025-07-01',
      periods: [
        {
          acquiredOn: '2024-04-01',
          lostOn: '2025-07-01',
          lossReason: 'other-insurance',
          lossEventId: withdrawalEventId,
        },
      ],
    });
    // A documents-feed subscriber learns of the loss and of its correction, which moves what the loss revoked.
    const feed = await readFeed(
      api,
      `/v1/feeds/documents?after=${withdrawal.position - 1}`,
      testKeys.subscriber,
      (events) => events.some((event) => event.event === 'QualificationLostCorrected'),
    );
    const items = feed.events.map((event) => JSON.parse(event.data!) as { id: string; type: string; data: unknown });
    expect(items.filter(({ type }) => type.startsWith('QualificationLost'))).toEqual([
      expect.objectContaining({ id: withdrawalEventId, type: 'QualificationLost' }),
      expect.objectContaining({
        type: 'QualificationLostCorrected',
        // Why the person left is not the subscriber's to know: only when coverage ended.
        data: { lostOn: '2025-07-01', correctedEventId: withdrawalEventId },
      }),
    ]);
  });

  it('R41: a correction naming no enrolment of the person is 422 naming the rule, and writes nothing', async () => {
    const person = personPath(freshKey());
    const enrolment = await written(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const other = await written(await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody));
    const before = await headPosition(api);

    for (const correctedEventId of [other.events[0]!.id, enrolment.events[0]!.id.replace(/^.{8}/, '00000000')]) {
      const response = await command(api, 'POST', `${person}/enrolment-correction`, {
        ...correctedEnrolment,
        correctedEventId,
      });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ rule: 'R41', code: 'CORRECTED_EVENT_NOT_FOUND' });
    }
    expect(await headPosition(api)).toBe(before);
  });

  it('refuses a correction without a well-formed event id, or with the insurer or a carried registration, as 400 naming the field', async () => {
    const person = personPath(freshKey());
    await written(await command(api, 'POST', `${person}/enrolment`, enrolmentBody));
    const before = await headPosition(api);

    for (const [body, field] of [
      [correctedEnrolment, 'correctedEventId'],
      [{ ...correctedEnrolment, correctedEventId: 'enrolment-1' }, 'correctedEventId'],
      [
        { ...correctedEnrolment, correctedEventId: '0190a5b4-3c1e-7000-8000-000000000001', insurerNumber: '123455' },
        'insurerNumber',
      ],
      [
        {
          ...correctedEnrolment,
          correctedEventId: '0190a5b4-3c1e-7000-8000-000000000001',
          carriedRegistration: 'registered',
        },
        'carriedRegistration',
      ],
    ] as const) {
      const response = await command(api, 'POST', `${person}/enrolment-correction`, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors!.join(' ')).toContain(field);
    }
    expect(await headPosition(api)).toBe(before);
  });

  it('takes a correction as a batch line, naming the enrolment by the id an earlier batch answered with', async () => {
    const personId = freshKey();
    const batch = async (line: object) => {
      const response = await call(api, 'POST', '/v1/batches', {
        key: testKeys.clerk,
        body: `${JSON.stringify({ insurerNumber: testInsurer, personId, idempotencyKey: freshKey(), ...line })}\n`,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      return JSON.parse((await response.text()).trim()) as {
        status: number;
        events?: string[];
        eventIds?: string[];
        position?: number;
      };
    };
    const enrolment = await batch({ command: 'enrolment', ...enrolmentBody });
    expect(enrolment).toMatchObject({ status: 201, events: ['QualificationAcquired'] });
    const result = await batch({
      command: 'enrolment-correction',
      ...correctedEnrolment,
      acquiredOn: '2024-03-01',
      correctedEventId: enrolment.eventIds?.[0],
    });

    expect(result).toMatchObject({ status: 201, events: ['QualificationAcquiredCorrected'] });
    const qualification = await call(api, 'GET', personPath(personId), {
      key: testKeys.clerk,
      headers: { 'ledger-min-position': String(result.position) },
    });
    expect(await qualification.json()).toMatchObject({
      periods: [{ enrolmentEventId: enrolment.eventIds?.[0], acquiredOn: '2024-03-01' }],
    });
  });
});
