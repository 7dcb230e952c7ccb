import { type FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problems';

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A path the ledger serves, asked with a method it does not take (a GET of a command, a POST of a
 * query), is 405 with `Allow` naming the methods it takes (RFC 9110 §15.5.6). The router's 404
 * would tell the client the path does not exist, and send it looking for a wrong URL. OPTIONS is
 * answered 204 with `Allow`.
 */
export function answerWrongMethod(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?', 1)[0]!;
    const allowed = methods.filter((method) => instance.findRoute({ method, url: path }) !== null);
    if (allowed.length === 0) return done();
    const allow = allowed.join(', ');
    // OPTIONS asks what a path takes (RFC 9110 §9.3.7): the answer, not a refusal.
    if (request.method === 'OPTIONS') return void reply.code(204).header('allow', allow).send();
    const detail = `this path does not take ${request.method}; it takes ${allow}`;
    void sendProblem(reply.header('allow', allow), problem(405, detail, request.url));
  });
}
