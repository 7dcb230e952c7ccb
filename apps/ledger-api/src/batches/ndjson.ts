import { type NestFastifyApplication } from '@nestjs/platform-fastify';

export const ndjson = 'application/x-ndjson';

/**
 * NDJSON bodies reach the handler as the raw stream: a batch of 10,000 commands is read line by
 * line as it arrives, never held whole, so the JSON body limit does not apply to it.
 */
export function acceptNdjson(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(ndjson, (_request, payload, done) => done(null, payload));
}
