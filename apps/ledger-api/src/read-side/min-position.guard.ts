import {
  BadRequestException,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import { type EventStore } from '@ledger/event-store';
import { type LiveProjector } from '@ledger/projections';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ReadConfiguration } from '../configuration/read-configuration';
import { EVENT_STORE } from '../event-store/event-store.module';
import { PROJECTOR } from '../projections/projections.module';
import { minPositionHeader } from './documented-answers';
import { positionParameter } from './parameters';
import { READ_CONFIGURATION } from './tokens';

/** Node gives header names in lower case. */
const minPositionHeaderName = minPositionHeader.name.toLowerCase();

/**
 * Read-your-writes (ARCHITECTURE.md, flow step 7): a query sent with `Ledger-Min-Position: p` is
 * answered only once the read models include position p, or with 503 and Retry-After when they
 * do not within the configured wait. A position after the head of the log is no write's answer:
 * a 400, not a 503 that a client would retry for ever. Writes never wait for projections. A guard,
 * though it only waits or refuses: an interceptor would wrap every answer in observables, a cost
 * the eligibility checks, thousands a second, would pay for nothing.
 */
@Injectable()
export class MinPositionGuard implements CanActivate {
  constructor(
    @Inject(PROJECTOR) private readonly projector: LiveProjector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_CONFIGURATION) private readonly configuration: ReadConfiguration,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const raw = http.getRequest<FastifyRequest>().headers[minPositionHeaderName];
    const position = positionParameter(Array.isArray(raw) ? raw[0] : raw, minPositionHeader.name);
    if (position !== undefined && position > this.projector.checkpoint) {
      const head = await this.store.headPosition();
      if (position > head) {
        throw new BadRequestException([
          `Ledger-Min-Position: position ${position} is after the head of the log (${head})`,
        ]);
      }
      const wait = this.configuration.LEDGER_MIN_POSITION_WAIT_MS;
      if (!(await this.projector.reaches(position, wait))) {
        void http.getResponse<FastifyReply>().header('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
        throw new ServiceUnavailableException(
          `the read models have not reached position ${position} within ${wait} ms (at ${this.projector.checkpoint}); retry later`,
        );
      }
    }
    return true;
  }
}
