// Alerts go out through an outbox: the apply script records a derived alert as pending in the same
// atomic step that stores it, and it is cleared only after it was published. A worker that dies in
// between leaves it pending, and the retried job publishes it then (at least once, never lost).
import type { Redis } from 'ioredis';
import type { CmdOp } from '../apply/ops.ts';
import { toStored, type GatewayEvent } from '../events/types.ts';
import { customerBase, keyOf } from '../redis/keys.ts';
import type { EventBus } from '../server/pubsub.ts';

/** ZSET under the customer's base: alert ids not yet published, scored by the wall time they were stored. */
export const PENDING_ALERTS = 'alerts:pending';

export interface OutboxOptions {
  redis: Redis;
  bus: EventBus;
  prefix: string;
  retentionMs: number;
  /**
   * A duplicate alert still pending after this long is published again: its first publisher died
   * (a live one clears it within milliseconds). @default 10s
   */
  graceMs?: number;
  now?: () => number;
}

export class AlertOutbox {
  constructor(private readonly o: OutboxOptions) {}

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private base(tenant: string, e: GatewayEvent): string {
    return customerBase(this.o.prefix, tenant, e.customerId ?? '');
  }

  /** The op that marks an alert pending; it runs only when the alert is newly applied. */
  pendingOp(e: GatewayEvent): CmdOp {
    const now = this.now();
    return { op: 'cmd', args: ['ZADD', PENDING_ALERTS, String(now), e.id], ex: [PENDING_ALERTS, String(now + this.o.retentionMs)] };
  }

  /** Publishes the newly stored alerts and the duplicates still pending past the grace, then clears them. */
  async deliver(tenant: string, fresh: GatewayEvent[], again: GatewayEvent[]): Promise<void> {
    const out = [...fresh, ...(await this.orphaned(tenant, again))];
    if (!out.length) return;
    this.o.bus.publish('alerts', tenant, out.map(toStored));
    // Same connection as the PUBLISH, so Redis runs these after it.
    const p = this.o.redis.pipeline();
    for (const e of out) p.zrem(keyOf(this.base(tenant, e), PENDING_ALERTS), e.id);
    await p.exec();
  }

  private async orphaned(tenant: string, events: GatewayEvent[]): Promise<GatewayEvent[]> {
    if (!events.length) return [];
    const p = this.o.redis.pipeline();
    for (const e of events) p.zscore(keyOf(this.base(tenant, e), PENDING_ALERTS), e.id);
    const replies = (await p.exec()) ?? [];
    const cutoff = this.now() - (this.o.graceMs ?? 10_000);
    return events.filter((_, i) => {
      const score = replies[i]?.[1];
      return typeof score === 'string' && Number(score) <= cutoff;
    });
  }
}
