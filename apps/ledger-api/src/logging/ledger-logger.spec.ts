import { UndecodableEventError } from '@ledger/event-store';
import pino from 'pino';
import { Writable } from 'node:stream';
import { ledgerLogger } from './ledger-logger';

const myNumber = '123456789018';

/** The logger writing into an array, one parsed JSON object per line. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: ledgerLogger('info', destination), lines };
}

describe('ledgerLogger', () => {
  it('writes no My Number held by a message or an error: its message, stack, own fields and cause', () => {
    const { logger, lines } = capturedLogger();
    const damaged = new UndecodableEventError(
      `insured-123455-${myNumber}`,
      0,
      7,
      `not JSON (in ${myNumber})`,
      new Error(`in ${myNumber}`),
    );
    logger.error({ err: damaged }, `the projector stopped at insured-123455-${myNumber}`);
    // A request's child logger, with Fastify's serializers, as request lines are written.
    logger.child({ reqId: 'req-1' }, { serializers: { err: pino.stdSerializers.err } }).error({ err: damaged }, 'x');
    logger.warn(new Error(`stream insured-123455-${myNumber}: expected revision 1`));
    expect(lines).toHaveLength(3);
    expect(JSON.stringify(lines)).not.toContain(myNumber);
    expect(lines[0]).toMatchObject({
      msg: 'the projector stopped at insured-123455-[redacted]',
      err: { type: 'UndecodableEventError', stream: 'insured-123455-[redacted]', revision: 0, position: 7 },
    });
    expect(lines[1]).toMatchObject({ reqId: 'req-1', err: { stream: 'insured-123455-[redacted]' } });
    expect(lines[2]).toMatchObject({ msg: 'stream insured-123455-[redacted]: expected revision 1' });
  });

  it('leaves a line without a My Number as plain pino writes it, numbers of twelve digits included', () => {
    const { logger, lines } = capturedLogger();
    const plain: Record<string, unknown>[] = [];
    const plainLogger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _, done) {
          plain.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const damaged = new UndecodableEventError('insured-123455-DAMAGED', 2, 9, 'not JSON', new Error('Unexpected end'));
    for (const each of [logger, plainLogger]) {
      each.error({ err: damaged, responseTime: 123456789018, line: 4 }, 'unexpected error');
    }
    const withoutTime = ({ time: _, ...line }: Record<string, unknown>) => line;
    expect(withoutTime(lines[0]!)).toEqual(withoutTime(plain[0]!));
    expect(lines[0]).toMatchObject({ responseTime: 123456789018, err: { stream: 'insured-123455-DAMAGED' } });
  });
});
