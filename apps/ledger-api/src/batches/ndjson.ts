import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';
import { problem, sendProblem } from '../problem-details/problems';

export const ndjson = 'application/x-ndjson';

/** The one route that reads NDJSON. */
export const batchesRoute = 'v1/batches';

/** The 415 of a batch sent as anything else, with the code Fastify gives a command of the wrong type. */
export const batchMediaType = {
  detail: `a batch is sent as ${ndjson}, one command per line`,
  code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
} as const;

/**
 * NDJSON bodies reach the batch handler as the raw stream: a batch of 10,000 commands is read line
 * by line as it arrives, never held whole, so the JSON body limit does not apply to it. Any other
 * route refuses the type as it refuses text (415): given the stream as its body, a route's
 * validation walked into the socket and aborted the process. A batch of another declared type is
 * refused before its body is read: read as JSON, a body of several lines was "not valid JSON" (400)
 * and one over the JSON limit "too large" (413), when what is wrong is the type.
 */
export function acceptNdjson(app: NestFastifyApplication): void {
  const instance = app.getHttpAdapter().getInstance();
  instance.addContentTypeParser(ndjson, (request, payload, done) => {
    if (request.routeOptions.url !== `/${batchesRoute}`) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(ndjson), undefined);
      return;
    }
    done(null, payload);
  });
  instance.addHook('onRequest', (request, reply, done) => {
    const declared = request.headers['content-type'];
    if (request.routeOptions.url !== `/${batchesRoute}` || declared === undefined || isNdjson(declared)) return done();
    const { detail, code } = batchMediaType;
    void sendProblem(reply, problem(415, detail, request.url, { code }));
  });
}

const isNdjson = (contentType: string): boolean => contentType.split(';', 1)[0]!.trim().toLowerCase() === ndjson;
