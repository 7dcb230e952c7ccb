import { Controller, Inject, Post, Req, Res, UnsupportedMediaTypeException, UseGuards } from '@nestjs/common';
import { Allow, CurrentPrincipal, mayActFor, type Principal } from '@ledger/access';
import {
  type BatchLineResult,
  type CommandHandler,
  maxLineBytes,
  ndjsonLines,
  overlongLineDetail,
  runBatch,
} from '@ledger/ledger';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { COMMAND_HANDLER } from '../commands/command-endpoint';
import { batchMediaType, batchesRoute, ndjson } from './ndjson';
import { sendStreamed } from '../logging/request-logs';
import { AccessAnswers } from '../read-side/documented-answers';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';

const exampleLines = [
  '{"command":"enrolment","insurerNumber":"123455","personId":"P-000123","idempotencyKey":"imp-1","number":"1234567","relationship":"insured","acquiredOn":"2025-04-01","burdenRatio":30,"birthDate":"1980-05-10","name":"山田 太郎"}',
  '{"command":"card-registration","insurerNumber":"123455","personId":"P-000123","idempotencyKey":"imp-2","registeredOn":"2025-05-12","channel":"portal"}',
  '{"command":"document-delivery","insurerNumber":"123455","personId":"P-000123","idempotencyKey":"imp-3","documentId":"doc-1","deliveredOn":"2025-05-20"}',
].join('\n');

const exampleAnswer = [
  '{"line":1,"status":201,"idempotencyKey":"imp-1","events":["QualificationAcquired"],"eventIds":["0d1c5b7e-6a0f-5b8e-9c4a-3f2e1d0c9b8a"],"revision":0,"position":41}',
  '{"line":2,"status":201,"idempotencyKey":"imp-2","events":["CardRegistered"],"eventIds":["6f4e2a1c-8b3d-5e7f-a9c1-2d4b6e8f0a13"],"revision":1,"position":42}',
  '{"line":3,"status":422,"idempotencyKey":"imp-3","detail":"no document doc-1","code":"DOCUMENT_NOT_FOUND"}',
].join('\n');

/** Answer lines per write: a write per line would put a stream chunk and a socket write on every line. */
const linesPerWrite = 256;
/**
 * Answers decided ahead of a client that does not read them yet. Many clients send the whole body
 * before they read: had the batch stopped reading lines as soon as the socket's buffers were full
 * of answers, the client would wait to send and the batch to answer, for ever. About 200,000 lines'
 * answers; a longer batch must be read while it is sent.
 */
const answersAheadBytes = 32 * 1024 * 1024;

async function* answerLines(chunks: AsyncIterable<readonly BatchLineResult[]>): AsyncIterable<string> {
  for await (const results of chunks) {
    for (let from = 0; from < results.length; from += linesPerWrite) {
      let text = '';
      for (const result of results.slice(from, from + linesPerWrite)) text += `${JSON.stringify(result)}\n`;
      yield text;
    }
  }
}

@ApiTags('commands')
@ApiBearerAuth()
@Controller(batchesRoute)
export class BatchesController {
  constructor(@Inject(COMMAND_HANDLER) private readonly handler: CommandHandler) {}

  @Post()
  @Allow('insurer-clerk')
  @UseGuards(UndeclaredQueryGuard)
  @ApiOperation({
    summary: 'Many commands in one request, as NDJSON',
    description:
      'One command per line: `{ "command", "insurerNumber", "personId", "idempotencyKey", ...body }`, the body as for ' +
      'the command route of the same name (document lifecycle lines also carry `documentId`; lifting a restriction is ' +
      `\`viewing-restriction-lift\`, ending care needs \`care-needs-end\`), at most ${maxLineBytes} bytes a line (a longer one ` +
      `fails alone, 400 \`${overlongLineDetail}\`). Answered as NDJSON, one line per command in ` +
      'order, each with its line number and the status the command alone would get: a bad line fails alone. ' +
      'A line repeating a command already written (same person, `idempotencyKey` and body) writes nothing and answers the same, ' +
      'with `repeated: true`. ' +
      'An `eligibility-check` line is refused (400): access records (R40) are written by the ledger itself when a clinic ' +
      'checks eligibility (`POST /v1/eligibility-checks`).',
  })
  @ApiConsumes(ndjson)
  @ApiBody({
    required: true,
    description:
      'One command per line. In the example the third line delivers a document never issued: it fails alone, answered in its line, and the first two are written.',
    schema: { type: 'string', example: exampleLines },
  })
  @ApiProduces(ndjson)
  @ApiOkResponse({
    description: 'One result per non-blank line, with its line number in the body (blank lines count, and get none)',
    schema: { type: 'string', example: exampleAnswer },
  })
  @ApiBadRequestResponse({
    description:
      'A query parameter (the route takes none) or a header sent twice, named in `errors` (problem+json); a bad line is answered in its line',
  })
  @AccessAnswers('Not an insurer-clerk')
  @ApiUnsupportedMediaTypeResponse({ description: `The body is not ${ndjson}` })
  run(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal): void {
    if (!(request.body instanceof Readable)) {
      // Sent without a Content-Type: a body of another type was refused before it was read (acceptNdjson).
      throw new UnsupportedMediaTypeException({ message: batchMediaType.detail, code: batchMediaType.code });
    }
    const results = runBatch(ndjsonLines(request.body, maxLineBytes), this.handler, {
      principal,
      channel: 'batch',
      correlationId: randomUUID(),
      mayActFor: (insurerNumber) => mayActFor(principal, insurerNumber),
      onUnexpected: (error, line) => request.log.error({ err: error, line }, 'a batch line failed unexpectedly'),
    });
    const body = Readable.from(answerLines(results), { objectMode: false, highWaterMark: answersAheadBytes });
    void sendStreamed(reply.status(200).header('content-type', ndjson), body);
  }
}
