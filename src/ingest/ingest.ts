// Ingestion: validate every event, answer per event, enqueue the accepted ones in batches.
// The good events of a batch are kept whatever is wrong with the others.
import type { Redis } from 'ioredis';
import { RejectCode } from '../errors.ts';
import { validateEvent, type ValidateOptions } from '../events/envelope.ts';
import type { GatewayEvent, IngestResult, Rejection } from '../events/types.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { Logger } from '../logger.ts';
import type { EventQueue } from '../queue/queue.ts';
import type { SourceStats } from '../sources/stats.ts';
import { K, customerBase, keyOf, tenantBase } from '../redis/keys.ts';

export interface IngestorOptions {
  redis: Redis;
  prefix: string;
  queue: EventQueue;
  registry: PluginRegistry;
  batchSize: number;
  validation: Omit<ValidateOptions, 'now'>;
  /** Whether an event is too old to apply (it would update an aggregate past the retention horizon). */
  tooOld?: (event: GatewayEvent, now: number) => boolean;
  /** Too-old events are counted per source (visible in `Query.sources`) and logged. */
  stats?: SourceStats;
  log?: Logger;
}

/** An item that could not even be parsed (e.g. a bad NDJSON line) keeps its index. */
export type RawItem = { ok: true; value: unknown } | { ok: false; code: string; message: string };

export class Ingestor {
  constructor(private readonly o: IngestorOptions) {}

  async ingest(tenant: string, items: readonly RawItem[], opts: { wait?: boolean } = {}): Promise<IngestResult> {
    const rejected: Rejection[] = [];
    const candidates: GatewayEvent[] = [];
    const now = Date.now();
    const idsInBatch = new Set<string>();
    let duplicates = 0;
    const tooOld = new Map<string, number>();
    items.forEach((item, index) => {
      if (!item.ok) return rejected.push({ index, id: null, code: item.code, message: item.message });
      const v = validateEvent(item.value, index, this.o.registry, { ...this.o.validation, now });
      if (!v.ok) return rejected.push(v.rejection);
      if (this.o.tooOld?.(v.event, now)) {
        tooOld.set(v.event.source, (tooOld.get(v.event.source) ?? 0) + 1);
        return rejected.push({ index, id: v.event.id, code: RejectCode.TOO_OLD, message: `event time ${new Date(v.event.timestamp).toISOString()} is older than the retention horizon; it would update aggregates whose tiles are gone` });
      }
      const key = v.event.id;
      if (idsInBatch.has(key)) return duplicates++;
      idsInBatch.add(key);
      candidates.push(v.event);
    });
    if (tooOld.size) {
      this.o.log?.warn({ tenant, tooOld: Object.fromEntries(tooOld) }, 'events older than the retention horizon were rejected');
      await this.o.stats?.record(tenant, [], tooOld);
    }
    const applied = await this.alreadyApplied(tenant, candidates);
    const accepted = candidates.filter((_, i) => !applied[i]);
    duplicates += candidates.length - accepted.length;
    if (accepted.length) await this.enqueue(tenant, accepted, opts.wait ?? false);
    return { accepted: accepted.length, duplicates, rejected };
  }

  /** One round trip: which events were applied before (their id is in the `seen` set). */
  private async alreadyApplied(tenant: string, events: GatewayEvent[]): Promise<boolean[]> {
    if (!events.length) return [];
    const p = this.o.redis.pipeline();
    for (const e of events) {
      const base = e.customerId ? customerBase(this.o.prefix, tenant, e.customerId) : tenantBase(this.o.prefix, tenant);
      p.zscore(keyOf(base, K.seen), e.id);
    }
    const replies = (await p.exec()) ?? [];
    return replies.map(([err, score]) => !err && score !== null);
  }

  private async enqueue(tenant: string, events: GatewayEvent[], wait: boolean): Promise<void> {
    const chunks: unknown[][] = [];
    for (let i = 0; i < events.length; i += this.o.batchSize) {
      chunks.push(
        events.slice(i, i + this.o.batchSize).map((e) => ({
          id: e.id,
          type: e.type,
          customerId: e.customerId,
          timestamp: e.timestamp,
          payload: e.payload,
        })),
      );
    }
    const jobs = await this.o.queue.add(tenant, chunks, { validated: true });
    if (wait) await this.o.queue.waitFor(jobs);
  }
}

export const tooManyEvents = (n: number, max: number): Rejection => ({
  index: -1,
  id: null,
  code: RejectCode.BATCH_TOO_LARGE,
  message: `${n} events in one request; the limit is ${max}`,
});
