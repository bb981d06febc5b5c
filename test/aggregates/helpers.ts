// Shared test plumbing: a real Redis connection, a unique key prefix per test, cleanup by SCAN.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AggEvent, CompiledAggregations } from '../../src/aggregates/index.ts';
import { opsFor } from '../../src/aggregates/index.ts';
import type { ApplyItem } from '../../src/apply/ops.ts';
import { applyBatch, type ApplyFlag } from '../../src/apply/script.ts';

export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const newRedis = (): Redis => new Redis(redisUrl, { lazyConnect: false });
export const uniquePrefix = (what: string): string => `test-agg-${what}-${randomUUID().slice(0, 8)}`;

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export const itemOf = (compiled: CompiledAggregations, e: AggEvent): ApplyItem => ({
  id: e.id,
  ts: e.timestamp,
  json: JSON.stringify(e),
  ops: opsFor(compiled, e),
});

/** Applies events through the real apply script in the given batches. */
export async function applyAll(
  redis: Redis,
  compiled: CompiledAggregations,
  base: string,
  batches: AggEvent[][],
  now: number,
): Promise<ApplyFlag[]> {
  const flags: ApplyFlag[] = [];
  const limits = { eventCap: 1000, historyCap: 1000, horizon: now - compiled.retentionMs, now };
  for (const batch of batches) flags.push(...(await applyBatch(redis, base, batch.map((e) => itemOf(compiled, e)), limits)));
  return flags;
}
