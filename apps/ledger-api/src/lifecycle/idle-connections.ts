import { type FastifyInstance } from 'fastify';

/**
 * Node's `server.close()` closes the connections idle at that moment and waits for the others. A
 * kept-alive connection whose request was still being answered then holds the process for up to
 * `keepAliveTimeout` (72 s in Fastify) after its last answer, past an orchestrator's grace period.
 * Once the server no longer listens, each answer closes the connections left idle, so the service
 * exits as soon as the requests in flight are answered.
 */
export function closeIdleConnectionsWhileClosing(instance: FastifyInstance): void {
  instance.addHook('onResponse', (_request, _reply, done) => {
    // After Node has let go of the finished response: only then is its connection idle.
    if (!instance.server.listening) setImmediate(() => instance.server.closeIdleConnections());
    done();
  });
}
