// Derived events and alerts: after a batch is applied, the `derive` handlers of its event types
// read the customer's data and emit events, which are applied through the same path (idempotent by
// a deterministic id); those marked as alerts are also published on Subscription.alerts.
import type { Redis } from 'ioredis';
import type { AggregateService } from '../aggregates/service.ts';
import type { Applier } from '../apply/applier.ts';
import { PluginError } from '../errors.ts';
import { validateEvent } from '../events/envelope.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry, RegisteredType } from '../plugins/registry.ts';
import type { DerivedEvent } from '../plugins/types.ts';
import { customerBase } from '../redis/keys.ts';
import type { EventBus } from '../server/pubsub.ts';
import type { TimelineStore } from '../timeline/store.ts';
import { deriveContext, msOf } from './context.ts';
import { AlertOutbox } from './outbox.ts';

export interface DeriverOptions {
  redis: Redis;
  prefix: string;
  registry: PluginRegistry;
  aggregates: AggregateService;
  timeline: TimelineStore;
  bus: EventBus;
  retentionMs: number;
  maxClockSkew: number;
  log: Logger;
}

/** The id of a derived event: from its key, else from the source event's id. */
export const derivedId = (source: GatewayEvent, d: DerivedEvent): string =>
  d.key !== undefined ? `${d.type}:${d.key}` : `${source.id}:${d.type}`;

export class Deriver {
  /** Events this deriver made: they go through the outbox and never derive again. */
  private readonly derived = new WeakSet<GatewayEvent>();
  private readonly alerts = new WeakSet<GatewayEvent>();
  private readonly outbox: AlertOutbox;

  constructor(private readonly o: DeriverOptions) {
    this.outbox = new AlertOutbox({ redis: o.redis, bus: o.bus, prefix: o.prefix, retentionMs: o.retentionMs });
  }

  attach(applier: Applier): this {
    applier.opsHooks.push((e) => (this.alerts.has(e) ? [this.outbox.pendingOp(e)] : []));
    applier.afterHooks.push((tenant, applied, { duplicates }) => this.after(applier, tenant, applied, duplicates));
    return this;
  }

  private async after(applier: Applier, tenant: string, applied: GatewayEvent[], duplicates: GatewayEvent[]): Promise<void> {
    const isAlert = (e: GatewayEvent) => this.alerts.has(e);
    if (applied.some(isAlert) || duplicates.some(isAlert)) {
      await this.outbox.deliver(tenant, applied.filter(isAlert), duplicates.filter(isAlert));
    }
    // Duplicates derive too: a job retried after a crash between its apply and its derivation
    // meets its own events as duplicates, and must still derive (the ids make it idempotent).
    const sources = [...applied, ...duplicates].filter((e) => e.customerId && !this.derived.has(e) && this.o.registry.get(e.type)?.def.derive);
    if (!sources.length) return;
    const made = (await Promise.all(sources.map((e) => this.deriveOne(tenant, e)))).flat();
    const unique = [...new Map(made.map((e) => [e.id, e])).values()];
    if (unique.length) await applier.apply(tenant, unique);
  }

  private async deriveOne(tenant: string, source: GatewayEvent): Promise<GatewayEvent[]> {
    const reg = this.o.registry.get(source.type) as RegisteredType;
    const base = customerBase(this.o.prefix, tenant, source.customerId!);
    const out = (await reg.def.derive!(source, deriveContext(this.o, base, source, reg.plugin))) ?? [];
    return out.map((d) => this.toEvent(source, d, reg.source));
  }

  private toEvent(source: GatewayEvent, d: DerivedEvent, plugin: string): GatewayEvent {
    const id = derivedId(source, d);
    const raw = { id, type: d.type, customerId: source.customerId, timestamp: msOf(d.timestamp) ?? source.timestamp, payload: d.payload ?? {} };
    const v = validateEvent(raw, 0, this.o.registry, { now: Date.now(), maxClockSkew: this.o.maxClockSkew, unknownTypes: 'accept' });
    if (!v.ok) throw new PluginError(plugin, `derived event "${id}" is invalid: ${v.rejection.message}`);
    const event = this.o.registry.get(d.type) ? v.event : { ...v.event, source: plugin };
    this.derived.add(event);
    if (d.alert) this.alerts.add(event);
    return event;
  }
}
