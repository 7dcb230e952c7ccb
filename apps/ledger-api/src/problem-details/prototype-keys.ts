import { BadRequestException } from '@nestjs/common';
import { shownName } from '@ledger/domain';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type RawServerDefault } from 'fastify';

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * Where a parsed body holds what Fastify's JSON parser refuses: a `__proto__` key, or a
 * `constructor` holding a `prototype`, either of which could change an object's prototype.
 */
function prototypeKeysIn(value: unknown, path: string): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    // A client's key may hold anything, a My Number too: one that is no name is not repeated.
    const shown = shownName(key, '[a key not repeated]');
    const at = Array.isArray(value) ? `${path}[${key}]` : path === '' ? shown : `${path}.${shown}`;
    const settingPrototype = key === '__proto__' || (key === 'constructor' && isObject(child) && 'prototype' in child);
    return settingPrototype ? [at] : prototypeKeysIn(child, at);
  });
}

/** The keys of a body Fastify refused, when it refused JSON that parses: the body is valid JSON, only these are not taken. */
function refusedPrototypeKeys(body: Buffer): string[] {
  try {
    return prototypeKeysIn(JSON.parse(body.toString('utf8')), '');
  } catch {
    return [];
  }
}

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
      const keys = error ? refusedPrototypeKeys(body) : [];
      if (keys.length === 0) return done(error, parsed);
      done(
        new BadRequestException(keys.map((key) => `${key}: a key that would set an object's prototype is not taken`)),
      );
    });
  });
}
