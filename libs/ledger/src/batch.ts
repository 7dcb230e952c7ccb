import { type Principal } from '@ledger/access/keys';
import { insuredPersonStream } from '@ledger/domain';
import { maxBatchEvents } from '@ledger/event-store';
import { type CommandHandler } from './command-handler';
import { type Channel, type CommandRequest } from './command-request';
import { type BatchLineResult, refused, written } from './batch-outcome';
import { parseBatchLine } from './catalogue';
import { isBlank, isOverlong, type NdjsonLine, overlongLineDetail } from './ndjson-lines';

export interface BatchOptions {
  readonly principal: Pick<Principal, 'keyId' | 'role'>;
  readonly channel: Channel;
  readonly correlationId: string;
  /** May this caller act for the insurer of a line? A line outside its scope fails alone (403). */
  readonly mayActFor: (insurerNumber: string) => boolean;
  /** Lines decided together: enough to fill a group commit, bounded so memory stays flat. */
  readonly chunkLines?: number;
  /** Reports an unexpected error of a line; the line itself answers 500 without internals. */
  readonly onUnexpected?: (error: unknown, line: number) => void;
}

/**
 * A person's lines decided together for one append: few enough that their events fit in an append
 * the store takes (a command writes one event, a few at most). A longer run of one person's lines,
 * one append for all, would be refused and written again one line, one commit at a time.
 */
const personLinesPerAppend = maxBatchEvents / 4;

/**
 * Chunks decided at once: the next is decided while the store commits the one before, which would
 * otherwise leave the request thread waiting. A person's lines still run in line order, each chunk
 * handing all of its appends to the person's lane before the next chunk starts.
 */
const chunksAtOnce = 2;

interface Accepted {
  readonly line: number;
  readonly request: CommandRequest;
}

/**
 * Runs NDJSON commands and yields, chunk by chunk, one result per non-empty line, in input order. A
 * chunk of lines is split by person: each person's commands are decided in order with one append,
 * and the persons' appends run concurrently, so the store commits them together (group commit).
 * Results come a chunk at a time so that the answer can be written in few large writes. The lines
 * are cut by `ndjsonLines` with `maxLineBytes`, which answers for their length.
 */
export async function* runBatch(
  lines: AsyncIterable<NdjsonLine>,
  handler: CommandHandler,
  options: BatchOptions,
): AsyncIterable<readonly BatchLineResult[]> {
  const chunkLines = options.chunkLines ?? 2000;
  const running: Promise<BatchLineResult[]>[] = [];
  const start = (chunk: readonly NdjsonLine[], firstLine: number) => {
    const results = runChunk(chunk, firstLine, handler, options);
    // Awaited in turn; one that fails while an earlier one is awaited must not go unhandled meanwhile.
    void results.catch(() => undefined);
    running.push(results);
  };
  let chunk: NdjsonLine[] = [];
  let firstLine = 1;
  let number = 0;
  for await (const text of lines) {
    number += 1;
    chunk.push(text);
    if (chunk.length >= chunkLines) {
      start(chunk, firstLine);
      chunk = [];
      firstLine = number + 1;
      if (running.length >= chunksAtOnce) yield await running.shift()!;
    }
  }
  if (chunk.length > 0) start(chunk, firstLine);
  while (running.length > 0) yield await running.shift()!;
}

async function runChunk(
  texts: readonly NdjsonLine[],
  firstLine: number,
  handler: CommandHandler,
  options: BatchOptions,
): Promise<BatchLineResult[]> {
  // Indexed by the line's place in the chunk; an empty line keeps its hole and answers nothing.
  const results = new Array<BatchLineResult | undefined>(texts.length);
  const byPerson = new Map<string, Accepted[]>();
  texts.forEach((text, index) => {
    const line = firstLine + index;
    if (isOverlong(text)) return void (results[index] = overlong(line));
    if (isBlank(text)) return;
    const checked = accept(text, line, options);
    if ('status' in checked) return void (results[index] = checked);
    const stream = insuredPersonStream(checked.request.insurerNumber, checked.request.personId);
    const persons = byPerson.get(stream);
    if (persons) persons.push(checked);
    else byPerson.set(stream, [checked]);
  });
  const appends: Accepted[][] = [];
  for (const lines of byPerson.values()) {
    for (let from = 0; from < lines.length; from += personLinesPerAppend) {
      appends.push(lines.slice(from, from + personLinesPerAppend));
    }
  }
  // Handed in all at once, before the next chunk hands in any: the person's lane keeps them in order.
  await Promise.all(
    appends.map(async (accepted) => {
      const settled = await handler
        .handleInOrder(accepted.map(({ request }) => request))
        .catch((error: unknown) => accepted.map(() => ({ ok: false as const, error })));
      settled.forEach((each, index) => {
        const { line, request } = accepted[index]!;
        const result = each.ok
          ? written(line, request.idempotencyKey, each.outcome)
          : refused(line, request.idempotencyKey, each.error);
        if (result.status === 500) options.onUnexpected?.(each.ok ? undefined : each.error, line);
        results[line - firstLine] = result;
      });
    }),
  );
  return results.filter((result): result is BatchLineResult => result !== undefined);
}

const overlong = (line: number): BatchLineResult => ({
  line,
  status: 400,
  detail: overlongLineDetail,
  errors: [overlongLineDetail],
});

function accept(text: string, line: number, options: BatchOptions): Accepted | BatchLineResult {
  const parsed = parseBatchLine(text, 'batch');
  if (!parsed.ok) return { line, status: 400, detail: parsed.errors.join('; '), errors: parsed.errors };
  const { target, command } = parsed;
  if (!options.mayActFor(target.insurerNumber)) {
    const detail = `this key does not act for insurer ${target.insurerNumber}`;
    return { line, status: 403, idempotencyKey: target.idempotencyKey, detail };
  }
  return {
    line,
    request: {
      insurerNumber: target.insurerNumber,
      personId: target.personId,
      command,
      idempotencyKey: target.idempotencyKey,
      actor: options.principal,
      channel: options.channel,
      correlationId: options.correlationId,
    },
  };
}
