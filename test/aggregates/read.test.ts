// Read path examples: rounding at a tile edge, STALE/MISSING, and many customers in one round trip.
import { afterAll, describe, expect, it } from 'vitest';
import { compileAggregations, planRead, readAggregates, type AggEvent } from '../../src/aggregates/index.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { applyAll, deleteByPrefix, newRedis, uniquePrefix } from './helpers.ts';

const MIN = 60_000;
const redis = newRedis();
const prefix = uniquePrefix('read');
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  redis.disconnect();
});
const compiled = compileAggregations(
  [{ name: 'views', eventTypes: ['v'], function: 'count', windows: ['10m'], ttl: '5m' }],
  { retentionMs: 60 * MIN },
);
const ev = (id: string, timestamp: number): AggEvent => ({ id, type: 'v', customerId: 'c', timestamp, payload: {} });
const now = Math.floor(Date.now() / MIN) * MIN; // on a tile boundary

describe('reading aggregates', () => {
  it('rounds the read time up to the tile: the window is (end - W, end]', async () => {
    const base = customerBase(prefix, 't', 'edge');
    await applyAll(redis, compiled, base, [[ev('atStart', now - 20 * MIN), ev('inside', now - 20 * MIN + 1), ev('atEnd', now - 10 * MIN)]], now);
    const at = async (asOfMs: number) => (await readAggregates(redis, compiled, base, { nowMs: now, asOfMs }))[0]?.value;
    expect(await at(now - 10 * MIN)).toBe(2); // (now-20m, now-10m]: the event exactly at the start is out
    expect(await at(now - 10 * MIN - 30_000)).toBe(2); // rounded up to now-10m
    expect(await at(now - 11 * MIN + 1)).toBe(2); // rounded up to now-10m as well
    expect(await at(now - 20 * MIN)).toBe(1); // (now-30m, now-20m]: the edge event belongs here
  });

  it('says STALE past the ttl and MISSING when nothing contributed', async () => {
    const base = customerBase(prefix, 't', 'stale');
    await applyAll(redis, compiled, base, [[ev('a', now - 8 * MIN)]], now);
    const read = (asOfMs: number) => readAggregates(redis, compiled, base, { nowMs: now, asOfMs });
    expect((await read(now - 4 * MIN))[0]).toMatchObject({ value: 1, status: 'FRESH', asOf: new Date(now - 4 * MIN) });
    expect((await read(now))[0]).toMatchObject({ value: 1, status: 'STALE' });
    expect((await read(now + 5 * MIN))[0]).toMatchObject({ value: 0, status: 'MISSING' });
  });

  it('plans many customers onto one pipeline', async () => {
    const bases = ['p1', 'p2', 'p3'].map((id) => customerBase(prefix, 't', id));
    for (const [i, base] of bases.entries()) {
      await applyAll(redis, compiled, base, [Array.from({ length: i + 1 }, (_, j) => ev(`e${j}`, now - j * 1000))], now);
    }
    const plans = bases.map((base) => planRead(compiled, base, { nowMs: now }));
    const pipeline = redis.pipeline();
    for (const p of plans) for (const [cmd, ...args] of p.commands) pipeline.call(cmd, ...args);
    const raw = (await pipeline.exec()) ?? [];
    let i = 0;
    const values = plans.map((p) => p.decode(raw.slice(i, (i += p.commands.length)).map(([, r]) => r))[0]?.value);
    expect(values).toEqual([1, 2, 3]);
  });
});
