// The BullMQ worker: validates each job's events again (unless the gateway's ingestor did) and applies them. A job that throws is
// retried with backoff, then kept in BullMQ's failed set with its reason.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Applier } from '../apply/applier.ts';
import { validateEvent, type ValidateOptions } from '../events/envelope.ts';
import type { GatewayEvent, Rejection } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { Metrics } from '../server/metrics.ts';
import { redisOptionsFromUrl } from '../redis/connection.ts';
import type { SourceStats } from '../sources/stats.ts';
import { jobDataSchema, type JobData, type JobResult } from './jobs.ts';

export interface WorkerOptions {
  queueName: string;
  redisUrl: string;
  concurrency: number;
  applier: Applier;
  registry: PluginRegistry;
  stats: SourceStats;
  validation: Omit<ValidateOptions, 'now'>;
  log: Logger;
  /** Counts applied, duplicate and rejected events and times each job (GET /metrics). */
  metrics?: Metrics;
}

/**
 * An event the gateway's ingestor validated and enqueued in the stored shape, taken as it is; one
 * not in that shape (the job was not the ingestor's after all) goes through full validation.
 */
function storedEvent(r: unknown, registry: PluginRegistry): GatewayEvent | undefined {
  const e = r as Partial<GatewayEvent> | null;
  if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || typeof e.type !== 'string') return undefined;
  if (typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)) return undefined;
  if (e.customerId != null && typeof e.customerId !== 'string') return undefined;
  const payload = e.payload ?? {};
  if (typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  return { id: e.id, type: e.type, customerId: e.customerId ?? null, timestamp: e.timestamp, payload, source: registry.get(e.type)?.source ?? 'events' };
}

export function processJob(o: WorkerOptions): (job: Job<JobData, JobResult>) => Promise<JobResult> {
  return async (job) => {
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`job data is not {v: 1, tenant, events: [...]}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const { tenant, events: raw, validated } = parsed.data;
    const started = performance.now();
    const valid: GatewayEvent[] = [];
    const rejected: Rejection[] = [];
    const now = Date.now();
    raw.forEach((r, i) => {
      const known = validated ? storedEvent(r, o.registry) : undefined;
      if (known) return valid.push(known);
      const v = validateEvent(r, i, o.registry, { ...o.validation, now });
      if (v.ok) valid.push(v.event);
      else rejected.push(v.rejection);
    });
    if (rejected.length) o.log.warn({ job: job.id, tenant, rejected }, 'queued events rejected by validation');
    const summary = await o.applier.apply(tenant, valid);
    const refusedBySource = new Map<string, number>();
    for (const r of summary.refused) {
      const source = valid.find((e) => e.id === r.id)?.source ?? 'events';
      refusedBySource.set(source, (refusedBySource.get(source) ?? 0) + 1);
    }
    if (rejected.length) refusedBySource.set('events', (refusedBySource.get('events') ?? 0) + rejected.length);
    await o.stats.record(tenant, [], refusedBySource);
    if (o.metrics) {
      o.metrics.applySeconds.observe((performance.now() - started) / 1000);
      o.metrics.applied.inc({ outcome: 'applied' }, summary.applied);
      o.metrics.applied.inc({ outcome: 'duplicate' }, summary.duplicates);
      o.metrics.applied.inc({ outcome: 'rejected' }, rejected.length + summary.refused.length);
    }
    return { applied: summary.applied, duplicates: summary.duplicates, rejected: [...rejected, ...summary.refused] };
  };
}

export function createWorker(o: WorkerOptions): Worker<JobData, JobResult> {
  const worker = new Worker<JobData, JobResult>(o.queueName, processJob(o), {
    connection: redisOptionsFromUrl(o.redisUrl, { maxRetriesPerRequest: null }),
    concurrency: o.concurrency,
  });
  worker.on('failed', (job, err) => o.log.error({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  worker.on('error', (err) => o.log.error({ err: err.message }, 'worker error'));
  return worker;
}
