// Retention: events older than the horizon are refused and change nothing; tiles carry expiries.
import { afterAll, describe, expect, it } from 'vitest';
import { compileAggregations, readAggregates, type AggEvent } from '../../src/aggregates/index.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { applyAll, deleteByPrefix, newRedis, uniquePrefix } from './helpers.ts';

const HOUR = 3_600_000;
const redis = newRedis();
const prefix = uniquePrefix('ret');
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  redis.disconnect();
});

const compiled = compileAggregations(
  [
    { name: 'views', eventTypes: ['v'], function: 'count', windows: ['1h', '24h', 'lifetime'] },
    { name: 'lastUrls', eventTypes: ['v'], function: 'lastN', field: 'url', n: 2, windows: ['1h'] },
    { name: 'uniq', eventTypes: ['v'], function: 'distinct', field: 'url', windows: ['1h'] },
  ],
  { retentionMs: 48 * HOUR },
);
const ev = (id: string, timestamp: number): AggEvent => ({ id, type: 'v', customerId: 'c', timestamp, payload: { url: `/${id}` } });

describe('retention', () => {
  it('refuses an event older than the horizon as too_old and changes nothing', async () => {
    const now = Date.now();
    const base = customerBase(prefix, 't', 'old');
    await applyAll(redis, compiled, base, [[ev('a', now - HOUR / 2)]], now);
    const before = await readAggregates(redis, compiled, base, { nowMs: now });
    const keysBefore = (await redis.keys(`${base}:agg:*`)).sort();
    const flags = await applyAll(redis, compiled, base, [[ev('old', now - 48 * HOUR), ev('older', now - 60 * HOUR)]], now);
    expect(flags).toEqual(['too_old', 'too_old']);
    expect(await readAggregates(redis, compiled, base, { nowMs: now })).toEqual(before);
    expect((await redis.keys(`${base}:agg:*`)).sort()).toEqual(keysBefore);
  });

  it('gives every tile key an expiry at its bucket end plus retention; only lifetime keys persist', async () => {
    const now = Date.now();
    const base = customerBase(prefix, 't', 'ttl');
    await applyAll(redis, compiled, base, [[ev('a', now - 2 * HOUR), ev('b', now - 30 * HOUR), ev('c', now)]], now);
    const keys = await redis.keys(`${base}:agg:*`);
    expect(keys.length).toBeGreaterThan(4);
    for (const key of keys) {
      const at = await redis.pexpiretime(key);
      if (key.endsWith(':life')) expect(at, key).toBe(-1);
      else {
        expect(at, key).toBeGreaterThan(now);
        expect(at, key).toBeLessThanOrEqual(now + 48 * HOUR + 24 * HOUR + 60_000);
      }
    }
  });

  it('keeps at most n events per tile for lastN', async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const base = customerBase(prefix, 't', 'cap');
    const burst = Array.from({ length: 20 }, (_, i) => ev(`x${i}`, now - 30_000 + i));
    await applyAll(redis, compiled, base, [burst], now);
    const [eKey] = await redis.keys(`${base}:agg:lastUrls:e:*`);
    expect(await redis.zcard(eKey!)).toBe(2);
  });
});
