import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where the gauges read their values when scraped, so they are never stale. */
export interface GaugeSources {
  readonly projectionLag: () => Promise<number>;
  readonly accessRecordBacklog: () => number;
}

/** The service's Prometheus metrics, in a registry of its own (no global state shared with libraries). */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  private sources?: GaugeSources;
  /** The store asked once per scrape: both gauges below read this answer, or its failure. */
  private lagAsked?: Promise<number>;

  private scrapedLag(sources: GaugeSources): Promise<number> {
    this.lagAsked ??= sources.projectionLag().finally(() => (this.lagAsked = undefined));
    return this.lagAsked;
  }

  readonly requestDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request durations by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'Event-store append latency (acknowledged = durable), by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly eligibilityChecks = new Counter({
    name: 'ledger_eligibility_checks_total',
    help: 'Eligibility checks answered, by validity code (1-5) and method',
    labelNames: ['validity', 'method'] as const,
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'ledger_projection_lag_positions',
    help: 'Head position minus projection checkpoint: events on the embedded store, log bytes on EventStoreDB',
    registers: [this.registry],
    collect: async () => {
      if (!this.sources) return;
      try {
        this.projectionLag.set(await this.scrapedLag(this.sources));
      } catch {
        // A store that does not answer fails no scrape: the gauge below says so, and this one keeps its last value.
      }
    },
  });

  readonly eventStoreAnswers = new Gauge({
    name: 'ledger_event_store_answers',
    help: '1 when the event store answered this scrape, 0 when it did not (a cluster down)',
    registers: [this.registry],
    // Set in its own collect: prom-client reads every metric at once, so a value set in another
    // gauge's collect, after its await, would be read before it is set and show the scrape before.
    collect: async () => {
      if (!this.sources) return;
      try {
        await this.scrapedLag(this.sources);
        this.eventStoreAnswers.set(1);
      } catch {
        this.eventStoreAnswers.set(0);
      }
    },
  });

  readonly accessRecordBacklog = new Gauge({
    name: 'ledger_access_records_pending',
    help: 'Access records (R40) in the outbox, not yet appended to the store',
    registers: [this.registry],
    collect: () => {
      if (this.sources) this.accessRecordBacklog.set(this.sources.accessRecordBacklog());
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }

  readFrom(sources: GaugeSources): void {
    this.sources = sources;
  }
}
