import { type FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problems';

/** The headers the ledger reads one value of, as they are written in its documentation. */
const singleHeaders = [
  'Authorization',
  'Idempotency-Key',
  'If-Match',
  'Correlation-Id',
  'Causation-Id',
  'Ledger-Min-Position',
  'Last-Event-ID',
] as const;
const byLowerCase = new Map<string, string>(singleHeaders.map((name) => [name.toLowerCase(), name]));

/** The first of the single headers sent more than once; `rawHeaders` alternates names and values. */
function firstRepeated(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = byLowerCase.get(rawHeaders[index]!.toLowerCase());
    if (name === undefined) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/**
 * A header the ledger reads one value of, sent twice, is 400 naming it, before anything else. Node
 * keeps the first Authorization and drops the other (a clerk's request would act under a key a
 * proxy placed first), and joins the others with a comma into one value, refused in words that
 * say nothing of the header being repeated.
 */
export function refuseRepeatedHeaders(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    const repeated = firstRepeated(request.raw.rawHeaders);
    if (repeated === undefined) return done();
    const detail = `${repeated}: the header must be sent once`;
    void sendProblem(reply, problem(400, detail, request.url, { errors: [detail] }));
  });
}
