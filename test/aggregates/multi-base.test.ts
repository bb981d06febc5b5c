// Several customers in one apply call (non-Cluster) must leave exactly the state, flags and
// expiries that one call per customer leaves.
import { afterAll, describe, expect, it } from 'vitest';
import { compileAggregations, opsFor, type AggEvent } from '../../src/aggregates/index.ts';
import type { ApplyItem } from '../../src/apply/ops.ts';
import { applyBatch, applyOnPipeline, callsOf, parseFlags, type ApplyGroup } from '../../src/apply/script.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { deleteByPrefix, newRedis, uniquePrefix } from './helpers.ts';

const HOUR = 3_600_000;
const redis = newRedis();
const prefixes = [uniquePrefix('multi-a'), uniquePrefix('multi-b')];
afterAll(async () => {
  for (const p of prefixes) await deleteByPrefix(redis, p);
  redis.disconnect();
});

const compiled = compileAggregations(
  [
    { name: 'views', eventTypes: ['v'], function: 'count', windows: ['1h', 'lifetime'] },
    { name: 'lastUrls', eventTypes: ['v'], function: 'lastN', field: 'url', n: 2, windows: ['1h'] },
    { name: 'firstUrl', eventTypes: ['v'], function: 'first', field: 'url', windows: ['1h'] },
    { name: 'uniq', eventTypes: ['v'], function: 'distinct', field: 'url', windows: ['1h'] },
    { name: 'top', eventTypes: ['v'], function: 'topK', field: 'url', k: 2, windows: ['1h'] },
  ],
  { retentionMs: 48 * HOUR },
);

function itemOf(e: AggEvent, i: number): ApplyItem {
  const ops: ApplyItem['ops'] = [{ op: 'event' }, ...opsFor(compiled, e)];
  if (i % 3 === 0) ops.push({ op: 'attr', name: 'plan', vj: JSON.stringify({ tier: `t${i}`, list: [] }), source: 'crm' });
  return { id: e.id, ts: e.timestamp, json: JSON.stringify(e), ops };
}

/** Events over 4 customers, with a duplicate id, an event past the horizon and one customer-less. */
function groupsOf(prefix: string, now: number): ApplyGroup[] {
  const groups = new Map<string, ApplyGroup>();
  for (let i = 0; i < 40; i++) {
    const c = `c${i % 4}`;
    const old = i === 7 || i === 8;
    const e: AggEvent = { id: `e${i === 13 ? 1 : i}`, type: 'v', customerId: c, timestamp: now - (old ? 50 * HOUR : (i * 97_000) % HOUR), payload: { url: `/${i % 5}` } };
    const base = customerBase(prefix, 't', c);
    const g = groups.get(base) ?? { base, items: [] };
    g.items.push(i === 8 ? { ...itemOf(e, 1), ops: [{ op: 'event' }] } : itemOf(e, i));
    groups.set(base, g);
  }
  return [...groups.values()];
}

async function dumpState(prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const k of keys) {
      const type = await redis.type(k);
      const value = type === 'zset' ? await redis.zrange(k, 0, -1, 'WITHSCORES')
        : type === 'hash' ? await redis.hgetall(k)
          : type === 'string' ? await redis.get(k) : type;
      out[k.slice(prefix.length)] = { value, expireAt: await redis.pexpiretime(k) };
    }
    cursor = next;
  } while (cursor !== '0');
  return out;
}

describe('apply several bases per call', () => {
  it('matches one call per base: flags, stored state and expiries, applied twice', async () => {
    const now = Date.now();
    const limits = { eventCap: 5, historyCap: 5, horizon: now - 48 * HOUR, now };
    const [a, b] = prefixes as [string, string];
    const flagsA: string[] = [];
    const flagsB: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const g of groupsOf(a, now)) flagsA.push(...(await applyBatch(redis, g.base, g.items, limits)));
      const calls = callsOf(groupsOf(b, now), false);
      expect(calls).toHaveLength(1);
      const p = redis.pipeline();
      for (const call of calls) applyOnPipeline(p, call, limits);
      for (const [err, raw] of (await p.exec()) ?? []) {
        expect(err).toBeNull();
        flagsB.push(...parseFlags(raw as number[]));
      }
    }
    expect(flagsB).toEqual(flagsA);
    expect(flagsA).toContain('too_old');
    expect(flagsA.filter((f) => f === 'applied')).toHaveLength(39);
    expect(await dumpState(b)).toEqual(await dumpState(a));
  });

  it('splits into one call per base on Cluster and by item count otherwise', () => {
    const groups = Array.from({ length: 5 }, (_, i) => ({ base: `b${i}`, items: Array.from({ length: 90 }, () => ({ id: 'x', ts: 1, json: '{}', ops: [] })) }));
    expect(callsOf(groups, true).map((c) => c.length)).toEqual([1, 1, 1, 1, 1]);
    expect(callsOf(groups, false).map((c) => c.length)).toEqual([2, 2, 1]);
  });
});
