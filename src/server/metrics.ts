// Prometheus metrics of one gateway (its own registry, so several gateways can share a process).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly ingested = new Counter({ name: 'cg_events_ingested_total', help: 'Events answered by ingest, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly applied = new Counter({ name: 'cg_events_applied_total', help: 'Events applied by the worker, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly applySeconds = new Histogram({ name: 'cg_apply_job_seconds', help: 'Time to apply one queue job', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry] });

  /** The text a scrape of /metrics gets; a copy of a multi-process server sums every copy's (server/cluster.ts). */
  text: () => Promise<string> = () => this.registry.metrics();

  constructor(defaults = false) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }
}
