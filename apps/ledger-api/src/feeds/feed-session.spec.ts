import { type Principal } from '@ledger/access';
import { SqliteEventStore } from '@ledger/event-store';
import { type Projector } from '@ledger/projections';
import { EventEmitter } from 'node:events';
import { type ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type FeedOptions, FeedSession } from './feed-session';

const auditor: Principal = { keyId: 'key-auditor', role: 'auditor' };

/** The projector as a session sees it: a checkpoint, and a wait for it to reach a position. */
class MovingCheckpoint {
  private waiting: { position: number; reached: () => void }[] = [];

  constructor(public checkpoint: number) {}

  caughtUp(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((reached) => this.waiting.push({ position, reached }));
  }

  moveTo(position: number): void {
    this.checkpoint = position;
    const reached = this.waiting.filter((each) => each.position <= position);
    this.waiting = this.waiting.filter((each) => each.position > position);
    for (const wait of reached) wait.reached();
  }
}

/** A client's response: the ids written, and whether its buffer takes more (`write` answers false when full). */
class Client extends EventEmitter {
  readonly ids: number[] = [];
  readonly texts: string[] = [];
  destroyed = false;
  readonly req = { method: 'GET' };
  full = false;
  heartbeats = 0;
  ended = false;
  writeHead(): void {}
  write(text: string): boolean {
    this.texts.push(text);
    const id = /^id: (\d+)$/m.exec(text);
    if (id) this.ids.push(Number(id[1]));
    if (text.startsWith(': heartbeat')) this.heartbeats += 1;
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
}

async function storeWith(persons: number): Promise<SqliteEventStore> {
  const store = new SqliteEventStore({ path: ':memory:' });
  for (let person = 1; person <= persons; person += 1) {
    await store.append(
      `insured-123455-P${person}`,
      [
        {
          type: 'QualificationAcquired',
          data: { insurerNumber: '123455', number: String(person), acquiredOn: '2025-04-01' },
        },
      ],
      'no_stream',
    );
  }
  return store;
}

/**
 * Waits for `condition` by the clock, not by turns: a heartbeat timer fires late on a loaded machine.
 * Less than Jest's 5 s for a test, so a condition never met fails here, saying which.
 */
async function until(condition: () => boolean, timeoutMs = 4_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await nextTurn();
  expect(condition()).toBe(true);
}

/** A session of an auditor's qualification feed from the start, over read models at `checkpoint`. */
const sessionOf = (store: SqliteEventStore, checkpoint: number, options: Partial<FeedOptions> = {}) =>
  new FeedSession(store, new MovingCheckpoint(checkpoint) as unknown as Projector, {
    feed: 'qualification',
    principal: auditor,
    after: 0,
    heartbeatMs: 60_000,
    keyUsable: () => true,
    isRestricted: () => Promise.resolve(false),
    ...options,
  });

describe('a feed session', () => {
  // Stopped and closed even when a test fails: a session left running would keep Jest from ending.
  const running: { session: FeedSession; run: Promise<void>; store: SqliteEventStore }[] = [];
  const start = (
    store: SqliteEventStore,
    projector: MovingCheckpoint,
    client: Client,
    pageSize?: number,
    key = { usable: true, heartbeatMs: 60_000 },
    principal = auditor,
  ) => {
    const session = new FeedSession(store, projector as unknown as Projector, {
      feed: 'qualification',
      principal,
      after: 0,
      heartbeatMs: key.heartbeatMs,
      keyUsable: () => key.usable,
      isRestricted: () => Promise.resolve(false),
      ...(pageSize !== undefined && { pageSize }),
    });
    running.push({ session, store, run: session.run(client as unknown as ServerResponse) });
  };

  afterEach(async () => {
    for (const { session, run, store } of running.splice(0)) {
      session.stop();
      await run;
      await store.close();
    }
  });

  it('sends every change up to the checkpoint, page after page, none past it until the read models have it', async () => {
    const store = await storeWith(7);
    const projector = new MovingCheckpoint(5);
    const client = new Client();
    start(store, projector, client, 2);
    await until(() => client.ids.length === 5);
    await nextTurn();
    expect(client.ids).toEqual([1, 2, 3, 4, 5]);
    projector.moveTo(7);
    await until(() => client.ids.length === 7);
    expect(client.ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('fails, ending the stream, when a change cannot be sent for a reason other than the client or the service going', async () => {
    const store = await storeWith(2);
    const client = new Client();
    const session = sessionOf(store, 2, {
      isRestricted: () => Promise.reject(new Error('the read models cannot be read')),
    });
    try {
      await expect(session.run(client as unknown as ServerResponse)).rejects.toThrow('the read models cannot be read');
      expect(client.ended).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('R31: tells a subscriber of a correction only when it changes what the subscriber sees', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const stream = 'insured-123455-P1';
    const enrolmentId = '5d6f0a4e-2b1c-4f3a-9e8d-7c6b5a4f3e2d';
    const enrolment = { insurerNumber: '123455', number: '1', acquiredOn: '2025-04-01', address: 'A' };
    await store.append(stream, [{ id: enrolmentId, type: 'QualificationAcquired', data: enrolment }], 'no_stream');
    const corrected = (changes: Record<string, unknown>) => ({
      type: 'QualificationAcquiredCorrected',
      data: { ...enrolment, ...changes, correctedEventId: enrolmentId },
    });
    await store.append(stream, [corrected({ address: 'B' })], 'any');
    await store.append(stream, [corrected({ address: 'B', acquiredOn: '2025-03-01' })], 'any');
    const client = new Client();
    const subscriber: Principal = { keyId: 'key-subscriber', role: 'subscriber' };
    start(store, new MovingCheckpoint(3), client, undefined, undefined, subscriber);
    await until(() => client.ids.length === 2);
    await nextTurn();
    expect(client.ids).toEqual([1, 3]);
  });

  it('R31: leaves out of an auditor’s feed the address of a person the log says was ever restricted', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    const enrolment = { insurerNumber: '123455', number: '1', acquiredOn: '2025-04-01', address: 'SHELTER-ADDRESS' };
    await store.append('insured-123455-R1', [{ type: 'QualificationAcquired', data: enrolment }], 'no_stream');
    await store.append('insured-123455-P2', [{ type: 'QualificationAcquired', data: enrolment }], 'no_stream');
    const client = new Client();
    const session = sessionOf(store, 2, { isRestricted: (stream) => Promise.resolve(stream === 'insured-123455-R1') });
    running.push({ session, store, run: session.run(client as unknown as ServerResponse) });
    await until(() => client.ids.length === 2);
    const sent = client.texts.filter((text) => text.startsWith('id: '));
    expect(sent[0]).not.toContain('SHELTER-ADDRESS');
    expect(sent[1]).toContain('SHELTER-ADDRESS');
  });

  it('ends when its token expires, sending nothing of an event it was reading about then', async () => {
    const store = await storeWith(2);
    const client = new Client();
    let asked = 0;
    const session = sessionOf(store, 2, {
      endsAt: Date.now() + 100,
      // The first event's restriction is still being read when the token expires.
      isRestricted: () => new Promise((answered) => setTimeout(() => answered(false), asked++ === 0 ? 300 : 0)),
    });
    const run = session.run(client as unknown as ServerResponse);
    running.push({ session, store, run });
    await run;
    expect(client.ended).toBe(true);
    expect(client.ids).toEqual([]);
  });

  it('ends at once, sending nothing, for a client that went while the session was being opened', async () => {
    const store = await storeWith(2);
    const client = new Client();
    client.destroyed = true;
    const session = sessionOf(store, 2);
    try {
      await session.run(client as unknown as ServerResponse);
      expect(client.ids).toEqual([]);
    } finally {
      session.stop();
      await store.close();
    }
  });

  it('writes nothing more while the client’s buffer is full, and goes on once it drains', async () => {
    const store = await storeWith(3);
    const client = new Client();
    client.full = true;
    start(store, new MovingCheckpoint(3), client);
    await until(() => client.ids.length === 1);
    for (let turn = 0; turn < 20; turn += 1) await nextTurn();
    expect(client.ids).toEqual([1]);
    client.full = false;
    client.emit('drain');
    await until(() => client.ids.length === 3);
  });

  it('ends the stream once its key is revoked: nothing more is sent, neither changes nor heartbeats', async () => {
    const store = await storeWith(4);
    const projector = new MovingCheckpoint(2);
    const client = new Client();
    const key = { usable: true, heartbeatMs: 5 };
    start(store, projector, client, undefined, key);
    await until(() => client.ids.length === 2 && client.heartbeats > 0);
    key.usable = false;
    const heartbeats = client.heartbeats;
    await until(() => client.ended);
    projector.moveTo(4);
    for (let turn = 0; turn < 20; turn += 1) await nextTurn();
    await new Promise((wait) => setTimeout(wait, 20));
    expect(client.ids).toEqual([1, 2]);
    expect(client.heartbeats).toBe(heartbeats);
  });

  it('sends nothing to a key revoked while it waited for the read models, when they move on', async () => {
    const store = await storeWith(4);
    const projector = new MovingCheckpoint(2);
    const client = new Client();
    const key = { usable: true, heartbeatMs: 60_000 };
    start(store, projector, client, undefined, key);
    await until(() => client.ids.length === 2);
    key.usable = false;
    projector.moveTo(4);
    await until(() => client.ended);
    expect(client.ids).toEqual([1, 2]);
  });

  it('keeps no memory for each move of the read models while the client stays connected', async () => {
    // A stream stays open for days while the read models move on many times a second.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const store = await storeWith(1);
    const projector = new MovingCheckpoint(1);
    const client = new Client();
    start(store, projector, client);
    await until(() => client.ids.length === 1);
    const heapAfterGc = () => (collectGarbage(), process.memoryUsage().heapUsed);
    const before = heapAfterGc();
    for (let position = 2; position <= 20_001; position += 1) {
      projector.moveTo(position);
      await nextTurn();
    }
    expect(heapAfterGc() - before).toBeLessThan(2_000_000);
    // 20,000 turns of the event loop take about a second alone, several on a machine busy with other suites.
  }, 60_000);
});
