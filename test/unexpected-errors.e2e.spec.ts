// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

import Database from 'better-sqlite3';
import { request } from 'node:http';
import { join } from 'node:path';
import { call, testKeys, testKeysVariable } from './support/keys';
import { eventually, type RunningApi, startApi, temporaryDirectory } from './support/ledger-processes';
import { type CommandAnswer, command, enrolmentBody, personPath, type Problem } from './support/commands';
import { logLines } from './support/log-lines';

/**
 * Errors the ledger does not expect, from a log that holds one damaged event (its stored JSON cut
 * short, written by another connection as a disk fault or a hand edit would): a request that reads
 * it is a bare 500, logged with the stack under the request's id; the projector stops there.
 */
describe('an unexpected error', () => {
  let api: RunningApi;
  let data: string;
  const logs = () => logLines(api);

  beforeAll(async () => {
    data = join(temporaryDirectory(), 'data');
    api = await startApi({
      LEDGER_DATA_DIR: data,
      LEDGER_API_KEYS: testKeysVariable,
      LEDGER_MIN_POSITION_WAIT_MS: '300',
    });
    const db = new Database(join(data, 'events.db'));
    db.prepare(
      `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
       VALUES ('0190a1b2-0000-7000-8000-000000000001', 'insured-123455-DAMAGED', 0, 'QualificationAcquired', '{"name":', '{}', '2025-01-01T00:00:00.000Z')`,
    ).run();
    db.prepare(`INSERT INTO streams (stream, revision, hash) VALUES ('insured-123455-DAMAGED', 0, ?)`).run(
      '0'.repeat(64),
    );
    db.close();
  });

  afterAll(() => api.stop());

  it('over HTTP: answers 500 problem+json that shows no internals, and logs the error with its stack and the request id', async () => {
    const response = await command(api, 'POST', `${personPath('DAMAGED')}/details-change`, {
      effectiveOn: '2024-06-01',
      address: '港区芝公園4-2-8',
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = await response.text();
    expect(JSON.parse(text) as Problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The ledger met an unexpected error; it has been logged.',
      instance: `${personPath('DAMAGED')}/details-change`,
    });
    expect(text).not.toMatch(/JSON|Undecodable|SyntaxError|revision|at .*\.js/);

    await eventually('the error and the request line', () => logs().some((line) => line.msg === 'request errored'));
    const [unexpected] = logs().filter((line) => line.msg === 'unexpected error');
    // The log names the damaged event, so an operator can find it (ledger verify does too).
    expect(unexpected).toMatchObject({
      level: 50,
      err: { type: 'UndecodableEventError', stream: 'insured-123455-DAMAGED', revision: 0 },
    });
    expect(unexpected!.err!.stack).toMatch(/sqlite-event-store/);
    const answered = logs().find((line) => line.msg === 'request errored');
    expect(answered).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(answered!.reqId).toBe(unexpected!.reqId);

    // The rest of the ledger goes on.
    const enrolled = await command(api, 'POST', `${personPath('SOUND')}/enrolment`, enrolmentBody);
    expect(enrolled.status).toBe(201);
  });

  it('in the projector: stops at the damaged event, says why in the log, and the service turns not ready', async () => {
    await eventually('the projector’s error', () => logs().some((line) => line.context === 'Projector'));
    expect(logs().filter((line) => line.context === 'Projector')).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'the projector stopped; the read models stay at position 0',
        err: expect.objectContaining({ type: 'UndecodableEventError', stream: 'insured-123455-DAMAGED' }) as unknown,
      }),
    ]);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    // Anyone may ask for readiness: the damaged event's stream and data stay in the log.
    const text = await ready.text();
    expect(JSON.parse(text)).toMatchObject({ detail: 'the projector stopped; the service log says why' });
    expect(text).not.toMatch(/DAMAGED|JSON|Undecodable/);
  });

  describe('read-your-writes while the projector stays stopped', () => {
    let position: number;
    const path = `/v1/insurers/123455/persons/WAITED-FOR`;
    const read = (minPosition: number) =>
      fetch(`${api.url}${path}`, {
        headers: { authorization: `Bearer ${testKeys.clerk}`, 'ledger-min-position': String(minPosition) },
      });

    beforeAll(async () => {
      const enrolled = await command(api, 'POST', `${personPath('WAITED-FOR')}/enrolment`, enrolmentBody);
      ({ position } = (await enrolled.json()) as CommandAnswer);
    });

    it('answers a position written but not reached in time with 503 and Retry-After', async () => {
      const waited = await read(position);
      expect(waited.status).toBe(503);
      expect(waited.headers.get('retry-after')).toBe('1');
      expect(waited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await waited.json()) as Problem).detail).toContain(
        `have not reached position ${position} within 300 ms`,
      );
    });

    it('answers a position after the head of the log with 400 at once: no write answered it, so no retry would reach it', async () => {
      const past = await call(api, 'GET', path, {
        key: testKeys.clerk,
        headers: { 'ledger-min-position': String(position + 1) },
      });
      expect(past.status).toBe(400);
      expect(((await past.json()) as Problem).errors).toEqual([
        `Ledger-Min-Position: position ${position + 1} is after the head of the log (${position})`,
      ]);
    });

    it('logs a client that left before the answer once, as aborted, and not as an error', async () => {
      // Told apart from the other reads of the person by a date no other asks for.
      const url = `${path}?on=2025-06-02`;
      const before = logs().length;
      // A client that leaves closes its connection (fetch's abort may keep it open, and the shutdown would wait for it).
      const leaving = request(`${api.url}${url}`, {
        agent: false,
        headers: { authorization: `Bearer ${testKeys.clerk}`, 'ledger-min-position': String(position) },
      });
      const left = new Promise((done) => leaving.once('error', done));
      leaving.end();
      setTimeout(() => leaving.destroy(), 50);
      await left;
      const lines = () =>
        logs()
          .slice(before)
          .filter((line) => line.req?.url === url);
      await eventually('the aborted request’s line', () => lines().length > 0);
      // The wait for the read models (300 ms here) ends after the client left: its 503 adds no line.
      await new Promise((wait) => setTimeout(wait, 500));
      expect(lines()).toEqual([expect.objectContaining({ msg: 'request aborted' })]);
      expect(
        logs()
          .slice(before)
          .filter((line) => line.msg === 'unexpected error'),
      ).toEqual([]);
    });
  });
});
