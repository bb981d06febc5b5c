// The realtime cache in Redis, shared by replicas: one string per tenant, fetcher and key, with a
// TTL. Keys sit under the tenant's hash tag so one MGET serves a whole batch on Redis Cluster too.
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { tenantBase } from '../redis/keys.ts';
import type { Fetched } from './types.ts';

const enc = (s: string): string => encodeURIComponent(s);

export class RealtimeCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  key(tenant: string, plugin: string, fetcher: string, key: string): string {
    return `${tenantBase(this.prefix, tenant)}:rt:${enc(plugin)}:${enc(fetcher)}:${enc(key)}`;
  }

  /** Cached entries, undefined for a miss; a Redis failure reads as all misses (the source still answers). */
  async get(keys: readonly string[]): Promise<(Fetched<unknown> | undefined)[]> {
    if (keys.length === 0) return [];
    try {
      const raw = await this.redis.mget(...keys);
      return raw.map((r) => (r === null ? undefined : decode(r)));
    } catch (err) {
      this.log.warn({ err }, 'realtime cache read failed; fetching from the source');
      return keys.map(() => undefined);
    }
  }

  async set(entries: readonly { key: string; value: unknown; fetchedAt: number }[], ttlMs: number): Promise<void> {
    if (entries.length === 0 || ttlMs <= 0) return;
    const p = this.redis.pipeline();
    for (const e of entries) p.set(e.key, JSON.stringify({ v: e.value, t: e.fetchedAt }), 'PX', ttlMs);
    try {
      await p.exec();
    } catch (err) {
      this.log.warn({ err }, 'realtime cache write failed');
    }
  }
}

function decode(raw: string): Fetched<unknown> | undefined {
  try {
    const { v, t } = JSON.parse(raw) as { v: unknown; t: number };
    return typeof t === 'number' ? { value: v, fetchedAt: t, cached: true } : undefined;
  } catch {
    return undefined;
  }
}
