import { type FastifyInstance } from 'fastify';
import { type Socket } from 'node:net';
import { problem, sendProblem } from '../problem-details/problems';

/** What stops the service gracefully: an orchestrator's stop, Ctrl-C, a closed terminal. */
export const shutdownSignals = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * How the server behaves once it stops listening (SIGTERM) until the requests in flight are answered.
 * Give the adapter `return503OnClosing: false`: Fastify's own answer is not problem+json.
 */
export function answerWhileClosing(instance: FastifyInstance, graceMs: number): void {
  // Requests still being read or answered once the grace is over are cut, so that the shutdown goes
  // on: what they had written is durable, what they had not is for their client to send again.
  instance.addHook('preClose', (done) => {
    setTimeout(() => instance.server.closeAllConnections(), graceMs).unref();
    done();
  });
  // The server counts a connection it destroyed as gone before the connection's `close` event, on which
  // a cut request's answer writes its line (`sendStreamed`): the shutdown waits for those events, or the
  // process would end first and the request leave no line.
  const connections = new Set<Socket>();
  instance.server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  instance.addHook('onClose', async () => {
    await Promise.all([...connections].map((socket) => new Promise((closed) => socket.once('close', closed))));
  });
  // A request on a connection opened before the close: the client should go elsewhere, as to any 503.
  instance.addHook('onRequest', (request, reply, done) => {
    if (instance.server.listening) return done();
    const answer = problem(503, 'the service is shutting down; send the request again', request.url);
    void sendProblem(reply.headers({ 'retry-after': '1', connection: 'close' }), answer);
  });
  // Node's `server.close()` closes the connections idle at that moment and waits for the others. A
  // kept-alive connection whose request was still being answered would then hold the process for up to
  // `keepAliveTimeout` (72 s in Fastify) after its last answer, past an orchestrator's grace period.
  instance.addHook('onResponse', (_request, _reply, done) => {
    // After Node has let go of the finished response: only then is its connection idle.
    if (!instance.server.listening) setImmediate(() => instance.server.closeIdleConnections());
    done();
  });
}
