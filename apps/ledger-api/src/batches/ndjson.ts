import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';

export const ndjson = 'application/x-ndjson';

/** The one route that reads NDJSON. */
export const batchesRoute = 'v1/batches';

/**
 * NDJSON bodies reach the batch handler as the raw stream: a batch of 10,000 commands is read line
 * by line as it arrives, never held whole, so the JSON body limit does not apply to it. Any other
 * route refuses the type as it refuses text (415): given the stream as its body, a route's
 * validation walked into the socket and aborted the process.
 */
export function acceptNdjson(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(ndjson, (request, payload, done) => {
      if (request.routeOptions.url !== `/${batchesRoute}`) {
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(ndjson), undefined);
        return;
      }
      done(null, payload);
    });
}
