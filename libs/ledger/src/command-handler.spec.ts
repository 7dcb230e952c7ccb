import { DomainError } from '@ledger/domain';
import {
  type EventStore,
  type EventToAppend,
  maxBatchEvents,
  SqliteEventStore,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { CommandHandler } from './command-handler';
import { type CommandRequest } from './command-request';
import { IdempotencyKeyReusedError } from './errors';
import { eventIdFor } from './idempotency';
import { parseBatchLine } from './catalogue';
import { enrolmentLine } from './command-lines.test-kit';

const withdrawal = JSON.stringify({
  command: 'withdrawal',
  insurerNumber: '123455',
  personId: 'P-1',
  idempotencyKey: 'k-2',
  lostOn: '2025-01-31',
  reason: 'moved-out',
});

const detailsChange = (key: string, address: string) =>
  JSON.stringify({
    command: 'details-change',
    insurerNumber: '123455',
    personId: 'P-1',
    idempotencyKey: key,
    effectiveOn: '2024-06-01',
    address,
  });

function request(line: string, extra: Partial<CommandRequest> = {}): CommandRequest {
  const parsed = parseBatchLine(line);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return {
    ...parsed.target,
    command: parsed.command,
    actor: { keyId: 'key-1', role: 'insurer-clerk' },
    channel: 'api',
    correlationId: 'corr-1',
    ...extra,
  };
}

async function streamOf(store: EventStore, stream = 'insured-123455-P-1') {
  const events = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

/** A clinic's check of person P-1 (R40): an access record, which changes no state. */
const eligibilityCheck = {
  type: 'EligibilityChecked',
  data: { medicalInstitutionCode: '0110113719', confirmationDate: '2025-01-10', method: 'numbers', validity: 1 },
};

describe('CommandHandler', () => {
  let store: SqliteEventStore;
  let handler: CommandHandler;

  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
    handler = new CommandHandler(store);
  });

  afterEach(() => store.close());

  it('decides on the folded stream and appends with actor, channel, correlation and idempotency metadata', async () => {
    const outcome = await handler.handle(request(enrolmentLine('k-1')));
    expect(outcome).toMatchObject({ stream: 'insured-123455-P-1', revision: 0, position: 1, repeated: false });
    expect(outcome.events.map((event) => event.type)).toEqual(['QualificationAcquired']);
    expect(outcome.events[0]!.metadata).toMatchObject({
      idempotencyKey: 'k-1',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      actor: { keyId: 'key-1', role: 'insurer-clerk', insurerNumber: '123455' },
      channel: 'api',
      correlationId: 'corr-1',
      causationId: 'k-1',
    });
  });

  it('answers a repeat of the same key and request with the first answer and writes nothing', async () => {
    const first = await handler.handle(request(enrolmentLine('k-1')));
    const again = await handler.handle(request(enrolmentLine('k-1'), { correlationId: 'other' }));
    expect(again).toEqual({ ...first, repeated: true });
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('refuses the same key with another request, writing nothing', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    await expect(handler.handle(request(enrolmentLine('k-1', { name: '佐藤 花子' })))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('writes concurrent duplicates once: the store recognises the deterministic event ids', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => handler.handle(request(enrolmentLine('k-1')))));
    expect(new Set(answers.map((answer) => answer.events[0]!.id)).size).toBe(1);
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('R1: refuses a second enrolment with the rule, writing nothing', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    const refusal = handler.handle(request(enrolmentLine('k-2')));
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({ rule: 'R1', code: 'ALREADY_QUALIFIED' });
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('answers a stale If-Match with a conflict before deciding', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    await expect(handler.handle(request(withdrawal, { expectedRevision: 5 }))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const outcome = await handler.handle(request(withdrawal, { expectedRevision: 0 }));
    expect(outcome.revision).toBe(1);
  });

  it('R40: takes an If-Match followed only by access records and confirmations: they change nothing the client saw', async () => {
    const enrolled = await handler.handle(request(enrolmentLine('k-1')));
    await store.append('insured-123455-P-1', [eligibilityCheck], 0);
    const same = JSON.parse(detailsChange('k-same', '')) as Record<string, unknown>;
    const confirmed = await handler.handle(request(JSON.stringify({ ...same, address: undefined, name: '山田 太郎' })));
    expect(confirmed.events.map((event) => event.type)).toEqual(['QualificationDetailsConfirmed']);
    await store.append('insured-123455-P-1', [eligibilityCheck], 'any');

    const changed = await handler.handle(
      request(detailsChange('k-change', '中央区1-1'), { expectedRevision: enrolled.revision }),
    );
    expect(changed.revision).toBe(4);
    await expect(handler.handle(request(withdrawal, { expectedRevision: enrolled.revision }))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect((await handler.handle(request(withdrawal, { expectedRevision: changed.revision }))).revision).toBe(5);
  });

  it('decides concurrent writers on the same person one on top of the other', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    const changes = ['1-1', '2-2'].map((address) => request(detailsChange(`k-${address}`, `中央区${address}`)));
    const outcomes = await Promise.all(changes.map((change) => handler.handle(change)));
    expect(outcomes.map((outcome) => outcome.revision).sort()).toEqual([1, 2]);
    expect(await streamOf(store)).toHaveLength(3);
  });

  it('answers concurrent writers that both pinned the revision with If-Match with one conflict', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    const changes = ['1-1', '2-2'].map((address) =>
      request(detailsChange(`k-${address}`, `中央区${address}`), { expectedRevision: 0 }),
    );
    const outcomes = await Promise.allSettled(changes.map((change) => handler.handle(change)));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await streamOf(store)).toHaveLength(2);
  });

  it('answers a retry with the first answer, all its events, also on a process whose memory is behind', async () => {
    const behind = new CommandHandler(store);
    await behind.handle(request(enrolmentLine('k-1')));
    const line = (command: string, key: string, body: Record<string, unknown>) =>
      JSON.stringify({ command, insurerNumber: '123455', personId: 'P-1', idempotencyKey: key, ...body });
    const notice = {
      documentType: 'qualification-notice',
      issuedOn: '2025-01-10',
      validFrom: '2025-01-10',
      delivery: 'mail-to-person',
      occasion: 'application',
    };
    await handler.handle(request(line('documents', 'k-doc', notice)));
    const withdrawal = request(line('withdrawal', 'k-2', { lostOn: '2025-01-31', reason: 'moved-out' }));
    const first = await handler.handle(withdrawal);
    expect(first.events.map((event) => event.type)).toEqual(['QualificationLost', 'DocumentRevoked']);
    // The client's retry reaches the other process, which still remembers the person as enrolled only.
    expect(await behind.handle(withdrawal)).toEqual({ ...first, repeated: true });
    expect(await streamOf(store)).toHaveLength(4);
  });

  it('writes a group larger than one append may hold one command at a time', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    const changes = Array.from({ length: maxBatchEvents + 1 }, (_, index) =>
      request(detailsChange(`k-change-${index}`, `中央区${index}`)),
    );
    const settled = await handler.handleInOrder(changes);
    expect(settled.every((each) => each.ok)).toBe(true);
    expect(await streamOf(store)).toHaveLength(maxBatchEvents + 2);
  });

  describe('a report that changes nothing', () => {
    /** Enrolled, the address changed to A, A reported again (k-3), then B: the stream as a retry of k-3 finds it. */
    async function reportedAgainThenChanged(retryWith: CommandHandler | 'same') {
      await handler.handle(request(enrolmentLine('k-1')));
      await handler.handle(request(detailsChange('k-2', '新宿区1-1')));
      const unchanged = await handler.handle(request(detailsChange('k-3', '新宿区1-1')));
      await handler.handle(request(detailsChange('k-4', '中央区9-9')));
      const retry = retryWith === 'same' ? handler : retryWith;
      return { unchanged, again: await retry.handle(request(detailsChange('k-3', '新宿区1-1'))) };
    }

    it('is recorded as QualificationDetailsConfirmed under its key', async () => {
      const { unchanged } = await reportedAgainThenChanged('same');
      expect(unchanged.events.map((event) => [event.type, event.data])).toEqual([
        ['QualificationDetailsConfirmed', { effectiveOn: '2024-06-01' }],
      ]);
      expect(unchanged.events[0]!.metadata).toMatchObject({ idempotencyKey: 'k-3' });
    });

    it('answers a retry after a later change with the first answer, writing nothing (it would undo the change)', async () => {
      const { unchanged, again } = await reportedAgainThenChanged('same');
      expect(again).toEqual({ ...unchanged, repeated: true });
      const stream = await streamOf(store);
      expect(stream.map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'QualificationDetailsChanged',
        'QualificationDetailsConfirmed',
        'QualificationDetailsChanged',
      ]);
      expect(stream.at(-1)!.data).toMatchObject({ address: '中央区9-9' });
    });

    it('answers that retry with the first answer in another process too', async () => {
      const { unchanged, again } = await reportedAgainThenChanged(new CommandHandler(store));
      expect(again).toEqual({ ...unchanged, repeated: true });
      expect(await streamOf(store)).toHaveLength(4);
    });
  });

  describe('when the person is not remembered (a restart, another process)', () => {
    it('answers a repeat of the same key and request with the first answer and writes nothing', async () => {
      const first = await handler.handle(request(enrolmentLine('k-1')));
      const again = await new CommandHandler(store).handle(request(enrolmentLine('k-1'), { correlationId: 'other' }));
      expect(again).toEqual({ ...first, repeated: true });
      expect(await streamOf(store)).toHaveLength(1);
    });

    it('refuses the same key with another request, writing nothing', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      await expect(
        new CommandHandler(store).handle(request(enrolmentLine('k-1', { name: '佐藤 花子' }))),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await streamOf(store)).toHaveLength(1);
    });

    it('answers a repeat of a later command with its first answer', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const first = await handler.handle(request(withdrawal));
      const again = await new CommandHandler(store).handle(request(withdrawal));
      expect(again).toEqual({ ...first, repeated: true });
      expect(await streamOf(store)).toHaveLength(2);
    });

    it('decides on the stream as written by another process, not on a remembered state', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      await new CommandHandler(store).handle(request(withdrawal));
      const second = handler.handle(request(withdrawal.replace('"k-2"', '"k-3"')));
      // Refused as the stream says, the person lost already: memory said qualified.
      await expect(second).rejects.toBeInstanceOf(DomainError);
      await expect(second).rejects.toMatchObject({ code: 'NOT_QUALIFIED', rule: 'R2' });
      expect((await streamOf(store)).map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'QualificationLost',
      ]);
    });

    it('decides on the stream when another process wrote since: memory behind is no conflict', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      await new CommandHandler(store).handle(request(detailsChange('k-other', '中央区9-9')));
      const outcome = await handler.handle(request(withdrawal));
      expect(outcome).toMatchObject({ revision: 2, repeated: false });
      expect((await streamOf(store)).map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'QualificationDetailsChanged',
        'QualificationLost',
      ]);
    });

    it('reads the whole stream when the events memory folded are gone from the store (put back from a backup), rather than fold the new ones onto them', async () => {
      const restored = new SqliteEventStore({ path: ':memory:' });
      const current: { store: EventStore } = { store };
      const switchable = new Proxy(store, {
        get: (_, property: keyof EventStore) => {
          const value = current.store[property];
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current.store) : value;
        },
      });
      const remembering = new CommandHandler(switchable);
      await remembering.handle(request(enrolmentLine('k-1')));
      await remembering.handle(request(withdrawal));
      // The log put back lost the withdrawal; other writers went on from the enrolment.
      const other = new CommandHandler(restored);
      await other.handle(request(enrolmentLine('k-1')));
      await other.handle(request(detailsChange('k-x', '中央区1-1')));
      await other.handle(request(detailsChange('k-y', '中央区2-2')));
      current.store = restored;
      // Memory says lost at revision 1, so a new enrolment is taken; the store says covered, three events long (R1).
      const enrolledAgain = remembering.handle(request(enrolmentLine('k-3', { acquiredOn: '2025-04-01' })));
      await expect(enrolledAgain).rejects.toMatchObject({ rule: 'R1' });
      expect((await streamOf(restored)).map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'QualificationDetailsChanged',
        'QualificationDetailsChanged',
      ]);
      await restored.close();
    });

    it('finds a person enrolled by another process before refusing a command as for a person never enrolled', async () => {
      await new CommandHandler(store).handle(request(enrolmentLine('k-1')));
      const outcome = await handler.handle(request(withdrawal));
      expect(outcome).toMatchObject({ revision: 1, repeated: false });
    });
  });

  describe('when another event lands between the read and the append', () => {
    /**
     * The store as the handler sees it: before its n-th append, what `landing(n)` gives is written
     * first, by another writer.
     */
    const landingBeforeAppends = (landing: (append: number) => EventToAppend | undefined) => {
      const seen = { appends: 0 };
      const busy: EventStore = Object.assign(Object.create(store) as EventStore, {
        append: async (...[stream, events, expected]: Parameters<EventStore['append']>) => {
          seen.appends += 1;
          const interloper = landing(seen.appends);
          if (interloper) await store.append(stream, [interloper], 'any');
          return store.append(stream, events, expected);
        },
      });
      return { busy, seen };
    };
    /** Another request's withdrawal under the key k-2, with the event id the handler derives from that key. */
    const other = {
      id: eventIdFor('insured-123455-P-1', 'k-2', 0),
      type: 'QualificationLost',
      data: { lostOn: '2025-03-31', reason: 'other' },
      metadata: { idempotencyKey: 'k-2', requestHash: 'another request' },
    };
    /** Before the handler's next append, `interloper` is written first, once. */
    const racedBy = (interloper: EventToAppend): EventStore =>
      landingBeforeAppends((append) => (append === 1 ? interloper : undefined)).busy;
    /** Before each of its appends, while `checks` last, a clinic checks the person first. */
    const checkedBeforeAppends = (checks: number) =>
      landingBeforeAppends((append) => (append <= checks ? eligibilityCheck : undefined));

    it('R40: decides again past an eligibility check, which changes nothing a rule decides on', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const outcome = await new CommandHandler(racedBy(eligibilityCheck)).handle(request(withdrawal));
      expect(outcome.events.map((event) => event.type)).toEqual(['QualificationLost']);
      expect((await streamOf(store)).map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'EligibilityChecked',
        'QualificationLost',
      ]);
    });

    it('R40: outlasts clinics checking the person before each of its appends, however many: checks are no conflict', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      // More checks than a command has decisions (5): each lands between a read and an append.
      const { busy, seen } = checkedBeforeAppends(20);
      const outcome = await new CommandHandler(busy).handle(request(withdrawal));
      expect(outcome.events.map((event) => event.type)).toEqual(['QualificationLost']);
      expect(seen.appends).toBe(21);
      const types = (await streamOf(store)).map((event) => event.type);
      expect(types.filter((type) => type === 'EligibilityChecked')).toHaveLength(20);
      expect(types.at(-1)).toBe('QualificationLost');
    });

    it('R40: answers 409 all the same when checks never stop landing before its appends: its retries are bounded', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const { busy, seen } = checkedBeforeAppends(Number.POSITIVE_INFINITY);
      await expect(new CommandHandler(busy).handle(request(withdrawal))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      // 100 retries that do not count, and the 5 decisions a command has.
      expect(seen.appends).toBe(105);
      expect((await streamOf(store)).map((event) => event.type)).not.toContain('QualificationLost');
    });

    it('answers 409 after its 5 decisions when every append conflicts yet nothing new is read (a store behind)', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      let appends = 0;
      const behind: EventStore = Object.assign(Object.create(store) as EventStore, {
        append: (...[stream, , expected]: Parameters<EventStore['append']>) => {
          appends += 1;
          return Promise.reject(new WrongExpectedRevisionError(stream, expected, 1));
        },
      });
      await expect(new CommandHandler(behind).handle(request(withdrawal))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      // Not the 100 retries after state-keeping events: a read that finds nothing new counts as a decision.
      expect(appends).toBe(5);
    });

    it('decides again past a confirmation of details, which changes nothing either', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const confirmation = { type: 'QualificationDetailsConfirmed', data: { effectiveOn: '2024-06-01' } };
      const outcome = await new CommandHandler(racedBy(confirmation)).handle(request(withdrawal));
      expect(outcome.events.map((event) => event.type)).toEqual(['QualificationLost']);
    });

    it('refuses a key that another request used between the read and the append, keeping its events', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      await expect(new CommandHandler(racedBy(other)).handle(request(withdrawal))).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect((await streamOf(store)).map((event) => event.data)).toContainEqual(other.data);
      expect(await streamOf(store)).toHaveLength(2);
    });

    it('refuses a key another request used after checks made it decide again, rather than answer with that request’s events', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      // Four checks make the handler decide again four times (retries that do not count); the fifth append finds the key taken.
      const interlopers = [eligibilityCheck, eligibilityCheck, eligibilityCheck, eligibilityCheck, other];
      const { busy } = landingBeforeAppends(() => interlopers.shift());
      await expect(new CommandHandler(busy).handle(request(withdrawal))).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(interlopers).toEqual([]);
      expect((await streamOf(store)).map((event) => event.data)).not.toContainEqual(
        expect.objectContaining({ lostOn: '2025-01-31' }),
      );
    });

    it('out of attempts, answers neither a request nor its twin with the events another request wrote under its key', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const change = (address: string) => ({
        type: 'QualificationDetailsChanged',
        data: { effectiveOn: '2024-06-01', address },
      });
      // Four real changes use up four of the five decisions (as `ledger import` decides again on them); the key is
      // taken just before the fifth append.
      const interlopers = [change('a'), change('b'), change('c'), change('d'), other];
      const { busy } = landingBeforeAppends(() => interlopers.shift());
      const importing = new CommandHandler(busy, undefined, { decideAgainOnConcurrentChange: true });
      // The same request twice in one group (a batch): the second is the first's twin, answered as it is.
      const settled = await importing.handleInOrder([request(withdrawal), request(withdrawal)]);
      expect(interlopers).toEqual([]);
      expect(settled).toEqual([
        { ok: false, error: expect.any(IdempotencyKeyReusedError) as unknown },
        { ok: false, error: expect.any(IdempotencyKeyReusedError) as unknown },
      ]);
    });

    it('answers a change that came in between the read and the append with a conflict, writing nothing', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const change = { type: 'QualificationDetailsChanged', data: { effectiveOn: '2024-06-01', address: '中央区1-1' } };
      await expect(new CommandHandler(racedBy(change)).handle(request(withdrawal))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect((await streamOf(store)).map((event) => event.type)).toEqual([
        'QualificationAcquired',
        'QualificationDetailsChanged',
      ]);
    });

    it('answers a change that came in between with a conflict when If-Match pinned the revision', async () => {
      await handler.handle(request(enrolmentLine('k-1')));
      const change = { type: 'QualificationDetailsChanged', data: { effectiveOn: '2024-06-01', address: '中央区1-1' } };
      await expect(
        new CommandHandler(racedBy(change)).handle(request(withdrawal, { expectedRevision: 0 })),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await streamOf(store)).toHaveLength(2);
    });
  });

  it('numbers an issued document from the key, so a repeat finds the same document', async () => {
    await handler.handle(request(enrolmentLine('k-1')));
    const issue = JSON.stringify({
      command: 'documents',
      insurerNumber: '123455',
      personId: 'P-1',
      idempotencyKey: 'k-doc',
      documentType: 'qualification-notice',
      issuedOn: '2025-01-10',
      validFrom: '2025-01-10',
      delivery: 'mail-to-person',
      occasion: 'application',
    });
    const first = await handler.handle(request(issue));
    const again = await handler.handle(request(issue));
    const documentId = (first.events[0]!.data as { documentId: string }).documentId;
    expect(documentId).toMatch(/^[0-9a-f-]{36}$/);
    expect((again.events[0]!.data as { documentId: string }).documentId).toBe(documentId);
  });
});
