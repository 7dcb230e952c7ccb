import { insuredPersonStream, type InsurerNumber, type PersonId } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { Readable } from 'node:stream';
import { generateHistories, toBatchLine } from '@ledger/synthetic';
import { type BatchOptions, runBatch } from './batch';
import { type BatchLineResult } from './batch-outcome';
import { CommandHandler } from './command-handler';
import { enrolmentLine } from './command-lines.test-kit';
import { eventIdFor, idempotencyKeys } from './idempotency';
import { maxLineBytes, ndjsonLines, overlongLineDetail } from './ndjson-lines';

const linesOf = (lines: readonly string[]): AsyncIterable<string> => ({
  [Symbol.asyncIterator]: () => lines[Symbol.iterator]() as unknown as AsyncIterator<string>,
});

async function collect(chunks: AsyncIterable<readonly BatchLineResult[]>): Promise<BatchLineResult[]> {
  const all: BatchLineResult[] = [];
  for await (const results of chunks) all.push(...results);
  return all;
}

const nhi = '123455' as InsurerNumber;
const personId = (id: string) => id as PersonId;

const options: BatchOptions = {
  principal: { keyId: 'key-1', role: 'insurer-clerk' },
  channel: 'batch',
  correlationId: 'batch-1',
  mayActFor: (insurer) => insurer !== '06050116',
  chunkLines: 50,
};

/** Changes of P-1's address, one a line, keys `k-change-<n>` in line order. */
const addressChanges = (count: number): string[] =>
  Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      command: 'details-change',
      insurerNumber: '123455',
      personId: 'P-1',
      idempotencyKey: `k-change-${index}`,
      effectiveOn: '2024-06-01',
      address: `中央区${index}`,
    }),
  );

describe('runBatch', () => {
  let store: SqliteEventStore;

  beforeEach(() => (store = new SqliteEventStore({ path: ':memory:' })));
  afterEach(() => store.close());

  it('applies generated histories in order per person, answering every line in input order', async () => {
    let sequence = 0;
    const lines = [...generateHistories(30, 5)].map((generated) => toBatchLine(generated, `k-${(sequence += 1)}`));
    const everyInsurer = { ...options, mayActFor: () => true };
    const results = await collect(runBatch(linesOf(lines), new CommandHandler(store), everyInsurer));
    expect(results.map((result) => result.line)).toEqual(lines.map((_, index) => index + 1));
    expect(results.filter((result) => result.status !== 201)).toEqual([]);

    const again = await collect(runBatch(linesOf(lines), new CommandHandler(store), everyInsurer));
    const wroteEvents = (result: BatchLineResult) => result.status === 201 && result.events.length > 0;
    // Every line that wrote events is answered again from the stream, writing nothing.
    expect(again.filter((_, index) => wroteEvents(results[index]!))).toEqual(
      results.filter(wroteEvents).map((result) => ({ ...result, repeated: true })),
    );
  });

  it('decides a long run of one person’s lines in appends the store takes, not one line at a time', async () => {
    const changes = addressChanges(1_500);
    const appends = jest.spyOn(store, 'append');
    const results = await collect(
      runBatch(linesOf([enrolmentLine('k-enrolment'), ...changes]), new CommandHandler(store), {
        ...options,
        chunkLines: 2_000,
      }),
    );
    expect(results.filter((result) => result.status !== 201)).toEqual([]);
    expect(appends.mock.calls.length).toBeLessThanOrEqual(10);
    const written = [];
    for await (const event of store.readStream('insured-123455-P-1')) written.push(event);
    expect(written).toHaveLength(1_501);
  });

  it('writes a person’s lines in line order when they fill more than one append and go on in the next chunk', async () => {
    const changes = addressChanges(599);
    const lines = [enrolmentLine('k-enrolment'), ...changes];
    // 300 lines a chunk: each chunk holds more of the person's lines than one append takes.
    const results = await collect(runBatch(linesOf(lines), new CommandHandler(store), { ...options, chunkLines: 300 }));
    expect(results.filter((result) => result.status !== 201)).toEqual([]);
    const keys = [];
    for await (const event of store.readStream('insured-123455-P-1')) keys.push(event.metadata[idempotencyKeys.key]);
    expect(keys).toEqual(['k-enrolment', ...changes.map((_, index) => `k-change-${index}`)]);
  });

  it('hands in the next chunk while the one before is still being written', async () => {
    const handler = new CommandHandler(store);
    const handIn = handler.handleInOrder.bind(handler);
    const seen: string[] = [];
    let secondChunkHandedIn!: () => void;
    const secondChunk = new Promise<void>((handedIn) => (secondChunkHandedIn = handedIn));
    jest.spyOn(handler, 'handleInOrder').mockImplementation(async (requests) => {
      const person = requests[0]!.personId;
      seen.push(`handed in ${person}`);
      if (person === 'C') secondChunkHandedIn();
      if (person === 'A') {
        // A is written only once C is handed in, or after half a second: chunk by chunk, C waits for A.
        let giveUp: NodeJS.Timeout | undefined;
        await Promise.race([secondChunk, new Promise((given) => (giveUp = setTimeout(given, 500)))]);
        clearTimeout(giveUp);
      }
      const settled = await handIn(requests);
      seen.push(`written ${person}`);
      return settled;
    });
    const lines = ['A', 'B', 'C', 'D'].map((person) => enrolmentLine(`k-${person}`, { personId: person }));
    const results = await collect(runBatch(linesOf(lines), handler, { ...options, chunkLines: 2 }));
    expect(results.map(({ line, status }) => [line, status])).toEqual([
      [1, 201],
      [2, 201],
      [3, 201],
      [4, 201],
    ]);
    expect(seen.indexOf('handed in C')).toBeLessThan(seen.indexOf('written A'));
  });

  it('fails a bad line alone, with its line number, and skips empty lines', async () => {
    const enrol = (personId: string, insurerNumber = '123455') =>
      JSON.stringify({
        command: 'enrolment',
        insurerNumber,
        personId,
        idempotencyKey: `k-${personId}`,
        number: '1',
        relationship: 'insured',
        acquiredOn: '2024-04-01',
        burdenRatio: 30,
        birthDate: '1980-05-10',
        name: 'n',
      });
    const results = await collect(
      runBatch(
        linesOf([enrol('A'), '{oops', '', enrol('B', '06050116'), enrol('C'), enrol('A').replace('k-A', 'k-A2')]),
        new CommandHandler(store),
        options,
      ),
    );
    expect(results.map(({ line, status }) => [line, status])).toEqual([
      [1, 201],
      [2, 400],
      [4, 403],
      [5, 201],
      [6, 422],
    ]);
    expect(results[4]).toMatchObject({ rule: 'R1', code: 'ALREADY_QUALIFIED' });
  });

  it('R41: decides a correction on the enrolment of the same chunk, which it names by the id the enrolment is stored under', async () => {
    const {
      command: _enrolment,
      insurerNumber: _insurer,
      ...enrolment
    } = JSON.parse(enrolmentLine('k-enrol')) as Record<string, unknown>;
    const enrolmentId = eventIdFor(insuredPersonStream(nhi, personId('P-1')), 'k-enrol', 0);
    const correction = JSON.stringify({
      ...enrolment,
      command: 'enrolment-correction',
      insurerNumber: '123455',
      idempotencyKey: 'k-correct',
      birthDate: '1980-05-01',
      correctedEventId: enrolmentId,
    });
    const results = await collect(
      runBatch(linesOf([enrolmentLine('k-enrol'), correction]), new CommandHandler(store), options),
    );

    expect(results).toEqual([
      expect.objectContaining({ line: 1, status: 201, eventIds: [enrolmentId] }),
      expect.objectContaining({ line: 2, status: 201, events: ['QualificationAcquiredCorrected'] }),
    ]);
  });

  it('answers a line repeating an earlier line of the same batch as that line was answered, with repeated: true, writing nothing', async () => {
    const results = await collect(
      runBatch(linesOf([enrolmentLine('k-1'), enrolmentLine('k-1')]), new CommandHandler(store), options),
    );
    expect(results[0]).not.toHaveProperty('repeated');
    expect(results[1]).toEqual({ ...results[0], line: 2, repeated: true });
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses a key used again with another body, in the same chunk or a later batch, with 422, writing nothing', async () => {
    const handler = new CommandHandler(store);
    const first = await collect(
      runBatch(linesOf([enrolmentLine('k-1'), enrolmentLine('k-1', { acquiredOn: '2024-05-01' })]), handler, options),
    );
    expect(first).toMatchObject([
      { line: 1, status: 201 },
      { line: 2, status: 422, code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    const head = await store.headPosition();
    const later = await collect(
      runBatch(linesOf([enrolmentLine('k-1', { acquiredOn: '2024-06-01' })]), handler, options),
    );
    expect(later).toMatchObject([{ line: 1, status: 422, code: 'IDEMPOTENCY_KEY_REUSED' }]);
    expect(await store.headPosition()).toBe(head);
  });

  it('repeats no My Number a line named in the detail of its refusal (a document id, a key)', async () => {
    const handler = new CommandHandler(store);
    const delivery = JSON.stringify({
      command: 'document-delivery',
      insurerNumber: nhi,
      personId: 'P-1',
      idempotencyKey: 'delivery-1',
      documentId: 'D123456789018',
      deliveredOn: '2024-05-01',
    });
    const lines = [enrolmentLine('key-123456789018'), enrolmentLine('key-123456789018', { acquiredOn: '2024-05-01' })];
    const results = await collect(runBatch(linesOf([...lines, delivery]), handler, options));
    expect(results.map((result) => result.status)).toEqual([201, 422, 422]);
    const details = results.map((result) => ('detail' in result ? result.detail : ''));
    expect(details[1]).toContain('key-[redacted]');
    expect(details[2]).toContain('no document D[redacted]');
    expect(details.join('\n')).not.toContain('123456789018');
  });

  it('answers a line of several MB as too long, without keeping it, and goes on with the next line', async () => {
    function* body(): Iterable<Buffer> {
      yield Buffer.from('{"command":"enrolment","name":"');
      for (let sent = 0; sent < 4 * 1024 * 1024; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 'x');
      yield Buffer.from('"}\n{oops}\n');
    }
    const results = await collect(
      runBatch(ndjsonLines(Readable.from(body()), maxLineBytes), new CommandHandler(store), options),
    );
    expect(results).toEqual([
      {
        line: 1,
        status: 400,
        detail: `the line is longer than ${maxLineBytes} bytes`,
        errors: [`the line is longer than ${maxLineBytes} bytes`],
      },
      expect.objectContaining({ line: 2, status: 400 }),
    ]);
  });

  it('answers a blank line over the limit as too long, where a blank line within it gets no result', async () => {
    const body = [' '.repeat(maxLineBytes), ' '.repeat(maxLineBytes + 1), '\t'].join('\n');
    const results = await collect(
      runBatch(ndjsonLines(Readable.from([Buffer.from(body)]), maxLineBytes), new CommandHandler(store), options),
    );
    expect(results).toEqual([expect.objectContaining({ line: 2, status: 400, detail: overlongLineDetail })]);
  });
});
