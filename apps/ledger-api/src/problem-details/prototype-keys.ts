import { BadRequestException } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type RawServerDefault } from 'fastify';
import { refusedPrototypeKey } from './refused-prototype-key';

/**
 * Fastify's JSON parser, refusing what it refuses, with one difference: a body refused for a key
 * that would set a prototype is answered naming the key, where Fastify calls any refused body "not
 * valid JSON" (a batch line, parsed by the ledger, names it too). It is refused as before.
 */
export function namePrototypeKeys(app: NestFastifyApplication): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    // Fastify's default parser answers through done, synchronously: it returns no promise.
    void parse(request, body.toString('utf8'), (error, parsed) => {
      const key = error ? refusedPrototypeKey(body) : undefined;
      if (key === undefined) return done(error, parsed);
      done(new BadRequestException([`${key}: a key that would set an object's prototype is not taken`]));
    });
  });
}
