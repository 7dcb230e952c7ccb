import { BadRequestException, type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/internal';
import { shownName } from '@ledger/domain';
import { type FastifyRequest } from 'fastify';

type RouteArguments = Record<string, { readonly data?: unknown }>;

/** The query parameters a handler reads by name (`@Query('on')`); undefined when it takes the whole query. */
function readParameters(context: ExecutionContext): ReadonlySet<string> | undefined {
  const routeArguments = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as RouteArguments;
  const names = new Set<string>();
  for (const [key, { data }] of Object.entries(routeArguments)) {
    if (!key.startsWith(`${RouteParamtypes.QUERY}:`)) continue;
    if (typeof data !== 'string') return undefined;
    names.add(data);
  }
  return names;
}

/**
 * A query parameter the route does not read is a 400 naming it, not ignored: on a query route or a
 * feed, `?asknownat=` or an `asKnownAt` on a route that answers only for a date would otherwise get
 * today's answer, as if it had been asked for; on a write (a command, a batch, a check, a key), a
 * `?dryRun=true` would write. A parameter sent twice is a 400 naming it. Health and the docs leave it
 * out: a probe may add a cache-buster, and they read and write nothing of a person.
 */
@Injectable()
export class UndeclaredQueryGuard implements CanActivate {
  private readonly declared = new WeakMap<object, ReadonlySet<string> | undefined>();

  canActivate(context: ExecutionContext): boolean {
    const query = (context.switchToHttp().getRequest<FastifyRequest>().query ?? {}) as Record<string, unknown>;
    const names = Object.keys(query);
    if (names.length > 0) {
      const handler = context.getHandler();
      if (!this.declared.has(handler)) this.declared.set(handler, readParameters(context));
      const declared = this.declared.get(handler);
      const undeclared = declared && names.filter((name) => !declared.has(name));
      if (undeclared && undeclared.length > 0) {
        const takes = declared.size > 0 ? `it takes ${[...declared].join(', ')}` : 'it takes none';
        throw new BadRequestException(
          undeclared.map((name) => `${shownName(name, 'a parameter')}: this route does not take it; ${takes}`),
        );
      }
      // Read as one value each: `?on=a&on=b` would be refused in words about the value's form.
      const repeated = declared && names.filter((name) => Array.isArray(query[name]));
      if (repeated && repeated.length > 0) {
        throw new BadRequestException(repeated.map((name) => `${name}: must be sent once`));
      }
    }
    return true;
  }
}
