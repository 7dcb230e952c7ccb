import { type FastifyReply, type FastifyRequest } from 'fastify';
import { logAbortedRequest, RequestLogs } from './request-logs';

/** A batch request and its reply, as Fastify hands them to the log controller, with the lines they log. */
function batchRequest({ socketClosed, host = '127.0.0.1' }: { socketClosed: boolean; host?: string }) {
  const lines: { level: string; line: Record<string, unknown>; msg: string }[] = [];
  const log = Object.fromEntries(
    ['info', 'warn', 'error'].map((level) => [
      level,
      (line: Record<string, unknown>, msg: string) => lines.push({ level, line, msg }),
    ]),
  );
  const socket = { remotePort: 50000, destroyed: socketClosed };
  const request = {
    method: 'POST',
    url: '/v1/batches',
    host,
    ip: '127.0.0.1',
    socket,
    raw: { socket },
    routeOptions: { url: '/v1/batches' },
    log,
  } as unknown as FastifyRequest;
  const reply = { request, statusCode: 200, elapsedTime: 12, log } as unknown as FastifyReply;
  return { request, reply, lines };
}

const cutUpload = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
const prematureClose = Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });

describe('RequestLogs of a streamed answer (a batch)', () => {
  const logs = new RequestLogs();

  it('logs a client that cut its upload once, as aborted with its request, whichever report comes first', () => {
    const streamFirst = batchRequest({ socketClosed: true });
    logs.streamError(cutUpload, streamFirst.request, streamFirst.reply);
    logAbortedRequest(streamFirst.request, () => undefined);
    const hookFirst = batchRequest({ socketClosed: true });
    logAbortedRequest(hookFirst.request, () => undefined);
    logs.streamError(cutUpload, hookFirst.request, hookFirst.reply);
    for (const { lines } of [streamFirst, hookFirst]) {
      expect(lines).toEqual([
        {
          level: 'info',
          msg: 'request aborted',
          line: expect.objectContaining({ req: expect.objectContaining({ url: '/v1/batches' }) as unknown }) as unknown,
        },
      ]);
    }
  });

  it('logs a client that went while the answer was written once, as aborted', () => {
    const { request, reply, lines } = batchRequest({ socketClosed: true });
    logs.streamError(prematureClose, request, reply);
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([['info', 'request aborted']]);
  });

  it('logs an answer that failed on the server’s side as errored, with its request and the error', () => {
    const { request, reply, lines } = batchRequest({ socketClosed: false });
    const failure = new Error('the answer failed');
    logs.streamError(failure, request, reply);
    expect(lines).toEqual([
      {
        level: 'error',
        msg: 'request errored',
        line: expect.objectContaining({
          req: expect.objectContaining({ url: '/v1/batches' }) as unknown,
          err: failure,
        }) as unknown,
      },
    ]);
  });
});

describe('request lines and My Number (§3.3)', () => {
  it('writes no My Number a client put in its Host header', () => {
    const { request, lines } = batchRequest({ socketClosed: true, host: '1234-5678-9018.example' });
    logAbortedRequest(request, () => undefined);
    expect(JSON.stringify(lines)).not.toContain('9018');
    expect(lines[0]!.line).toMatchObject({ req: { host: '[redacted].example' } });
  });
});
