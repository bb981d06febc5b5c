// Per-tenant source statistics for `Query.sources`: last event time and counters per source.
import type { Redis } from 'ioredis';
import type { GatewayEvent } from '../events/types.ts';
import { tenantBase } from '../redis/keys.ts';

export interface SourceStat {
  lastEventAt: Date | null;
  applied: number;
  refused: number;
}

export class SourceStats {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(tenant: string): { last: string; counts: string } {
    const base = tenantBase(this.prefix, tenant);
    return { last: `${base}:src:last`, counts: `${base}:src:counts` };
  }

  /** Records applied and refused events; one round trip. */
  async record(tenant: string, applied: GatewayEvent[], refusedBySource: Map<string, number>): Promise<void> {
    if (!applied.length && !refusedBySource.size) return;
    const { last, counts } = this.keys(tenant);
    const newest = new Map<string, number>();
    const appliedCount = new Map<string, number>();
    for (const e of applied) {
      newest.set(e.source, Math.max(newest.get(e.source) ?? 0, e.timestamp));
      appliedCount.set(e.source, (appliedCount.get(e.source) ?? 0) + 1);
    }
    const p = this.redis.pipeline();
    for (const [source, ts] of newest) p.zadd(last, 'GT', ts, source);
    for (const [source, n] of appliedCount) p.hincrby(counts, `${source}:applied`, n);
    for (const [source, n] of refusedBySource) p.hincrby(counts, `${source}:refused`, n);
    await p.exec();
  }

  async read(tenant: string): Promise<Map<string, SourceStat>> {
    const { last, counts } = this.keys(tenant);
    const [lastRaw, countRaw] = await Promise.all([this.redis.zrange(last, 0, -1, 'WITHSCORES'), this.redis.hgetall(counts)]);
    const out = new Map<string, SourceStat>();
    const stat = (s: string): SourceStat => {
      const cur = out.get(s) ?? { lastEventAt: null, applied: 0, refused: 0 };
      out.set(s, cur);
      return cur;
    };
    for (let i = 0; i + 1 < lastRaw.length; i += 2) stat(lastRaw[i]!).lastEventAt = new Date(Number(lastRaw[i + 1]));
    for (const [field, n] of Object.entries(countRaw)) {
      const at = field.lastIndexOf(':');
      const kind = field.slice(at + 1);
      if (kind === 'applied' || kind === 'refused') stat(field.slice(0, at))[kind] = Number(n);
    }
    return out;
  }
}
