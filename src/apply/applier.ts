// Turns validated events into Redis ops and applies them: each customer's events atomically in one
// Lua call (several customers per call off Cluster), all calls of a job in one pipeline round trip.
// Effects outside Redis run through hooks.
import type { Redis } from 'ioredis';
import { RejectCode } from '../errors.ts';
import { toStored, type GatewayEvent, type Rejection } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { customerBase, tenantBase } from '../redis/keys.ts';
import type { RedisOp } from './ops.ts';
import { applyOnPipeline, callsOf, defineApply, isCluster, parseFlags, type ApplyGroup, type ApplyLimits } from './script.ts';

/** Extra ops for an event (aggregations add theirs here). */
export type OpsHook = (event: GatewayEvent) => RedisOp[];
/**
 * Runs after the Redis apply with the events that were newly applied; `duplicates` are the batch's
 * events that were applied before (a retried job meets its own events there).
 */
export type AfterHook = (tenant: string, applied: GatewayEvent[], info: { duplicates: GatewayEvent[] }) => Promise<void>;
/** Runs before the Redis apply, on every attempt; must be idempotent (e.g. a vector upsert by id). */
export type BeforeHook = (tenant: string, events: GatewayEvent[]) => Promise<void>;

export interface ApplySummary {
  applied: number;
  duplicates: number;
  /** Events refused at apply time (e.g. aggregate updates older than the retention horizon). */
  refused: Rejection[];
}

export interface ApplierOptions {
  redis: Redis;
  prefix: string;
  registry: PluginRegistry;
  log: Logger;
  eventCap: number;
  historyCap: number;
  retentionMs: number;
  now?: () => number;
}

export class Applier {
  readonly opsHooks: OpsHook[] = [];
  readonly beforeHooks: BeforeHook[] = [];
  readonly afterHooks: AfterHook[] = [];

  constructor(private readonly o: ApplierOptions) {
    defineApply(o.redis);
  }

  /** The Redis ops one event turns into (timeline, attribute mappings, hooks). */
  opsFor(event: GatewayEvent): RedisOp[] {
    const ops: RedisOp[] = [];
    if (event.customerId) ops.push({ op: 'event' });
    const reg = this.o.registry.get(event.type);
    const attrs = reg?.def.attributes?.(event, { options: reg.plugin.options, log: reg.plugin.log });
    for (const [name, value] of Object.entries(attrs ?? {})) {
      ops.push({ op: 'attr', name, vj: JSON.stringify(value ?? null), source: event.source });
    }
    for (const hook of this.opsHooks) ops.push(...hook(event));
    return ops;
  }

  baseOf(tenant: string, event: GatewayEvent): string {
    return event.customerId
      ? customerBase(this.o.prefix, tenant, event.customerId)
      : tenantBase(this.o.prefix, tenant);
  }

  private limits(): ApplyLimits {
    const now = this.o.now?.() ?? Date.now();
    return { eventCap: this.o.eventCap, historyCap: this.o.historyCap, horizon: now - this.o.retentionMs, now };
  }

  /** Applies a batch of one tenant's events; safe to call again with the same events. */
  async apply(tenant: string, events: GatewayEvent[]): Promise<ApplySummary> {
    for (const hook of this.beforeHooks) await hook(tenant, events);
    const groups = new Map<string, ApplyGroup & { events: GatewayEvent[] }>();
    for (const event of events) {
      const base = this.baseOf(tenant, event);
      const g = groups.get(base) ?? { base, events: [], items: [] };
      g.events.push(event);
      g.items.push({ id: event.id, ts: event.timestamp, json: JSON.stringify(toStored(event)), ops: this.opsFor(event) });
      groups.set(base, g);
    }
    const limits = this.limits();
    const calls = callsOf([...groups.values()], isCluster(this.o.redis));
    const pipeline = this.o.redis.pipeline();
    for (const call of calls) applyOnPipeline(pipeline, call, limits);
    const replies = (await pipeline.exec()) ?? [];
    return this.collect(tenant, calls.map((call) => call.flatMap((g) => g.events)), replies);
  }

  private async collect(
    tenant: string,
    batches: GatewayEvent[][],
    replies: [Error | null, unknown][],
  ): Promise<ApplySummary> {
    const summary: ApplySummary = { applied: 0, duplicates: 0, refused: [] };
    const applied: GatewayEvent[] = [];
    const duplicates: GatewayEvent[] = [];
    batches.forEach((batch, i) => {
      const [err, raw] = replies[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      parseFlags(raw as number[]).forEach((flag, j) => {
        const event = batch[j]!;
        if (flag === 'applied') applied.push(event);
        else if (flag === 'duplicate') duplicates.push(event);
        else summary.refused.push({ index: -1, id: event.id, code: RejectCode.TOO_OLD, message: `event time ${new Date(event.timestamp).toISOString()} is older than the retention horizon` });
      });
    });
    summary.applied = applied.length;
    summary.duplicates = duplicates.length;
    if (summary.refused.length) this.o.log.warn({ tenant, refused: summary.refused.length }, 'events older than the retention horizon were refused');
    for (const hook of this.afterHooks) await hook(tenant, applied, { duplicates });
    return summary;
  }
}
