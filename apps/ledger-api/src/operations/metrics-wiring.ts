import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type AccessRecorder } from '@ledger/access';
import { type EventStore } from '@ledger/event-store';
import { type LiveProjector } from '@ledger/projections';
import { type FastifyInstance } from 'fastify';
import { EVENT_STORE } from '../event-store/event-store.module';
import { PROJECTOR } from '../projections/projections.module';
import { ACCESS_RECORDER } from '../read-side/tokens';
import { LedgerMetrics } from './ledger-metrics';
import { meterAppends } from './metered-appends';

/** Wires the metrics into Fastify (every response, 401s and 404s included) and into the store. */
@Injectable()
export class MetricsWiring implements OnModuleInit {
  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: LiveProjector,
    @Inject(ACCESS_RECORDER) private readonly recorder: AccessRecorder,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      this.metrics.requestDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
    meterAppends(this.store, this.metrics.appendDuration);
    this.metrics.readFrom({
      projectionLag: async () => (await this.projector.status()).lagPositions,
      accessRecordBacklog: () => this.recorder.backlog(),
    });
  }
}
