// Random streams through the real apply script and Redis, compared with the brute-force reference.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAggregations, readAggregates, type AggEvent, type AggregateValue, type AggregationSpec } from '../../src/aggregates/index.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { applyAll, deleteByPrefix, newRedis, uniquePrefix } from './helpers.ts';
import { referenceRead } from './reference.ts';

const MIN = 60_000;
const W = ['5m', '15m', 'lifetime'];
const specs: AggregationSpec[] = [
  { name: 'views', eventTypes: ['page.viewed', 'card.used'], function: 'count', windows: W, ttl: '3m' },
  { name: 'amount', eventTypes: ['card.used'], function: 'sum', field: 'amount', windows: W, ttl: '10m' },
  { name: 'avgAmount', eventTypes: ['card.used'], function: 'avg', field: 'amount', windows: W },
  { name: 'minAmount', eventTypes: ['card.used'], function: 'min', field: 'amount', windows: W, ttl: '4m' },
  { name: 'maxAmount', eventTypes: ['card.used'], function: 'max', field: 'amount', windows: W },
  { name: 'topics', eventTypes: ['page.viewed'], function: 'distinct', field: 'topic', windows: W, ttl: '2m' },
  { name: 'topTopics', eventTypes: ['page.viewed'], function: 'topK', field: 'topic', k: 2, windows: W },
  { name: 'lastUrls', eventTypes: ['page.viewed'], function: 'lastN', field: 'url', n: 3, windows: W, ttl: '5m' },
  { name: 'firstUrl', eventTypes: ['page.viewed'], function: 'first', field: 'url', windows: W, ttl: '5m' },
  { name: 'lastUrl', eventTypes: ['page.viewed'], function: 'last', field: 'url', windows: W },
  { name: 'lastPayload', eventTypes: ['card.used'], function: 'last', windows: ['15m'] },
  {
    name: 'bigKindA',
    eventTypes: ['card.used'],
    function: 'count',
    filter: [{ 'meta.kind': 'a' }, (e) => (e.payload.amount as number) > 2],
    windows: ['15m'],
  },
  { name: 'sum2m', eventTypes: ['card.used'], function: 'sum', field: 'amount', tile: '2m', windows: ['10m', '30m'] },
];
const compiled = compileAggregations(specs, { retentionMs: 60 * MIN });

const redis = newRedis();
const prefix = uniquePrefix('prop');
let customer = 0;
let now = 0;
let anchor = 0;

beforeAll(() => {
  now = Date.now();
  anchor = Math.floor(now / MIN) * MIN;
});
afterAll(async () => {
  await deleteByPrefix(redis, prefix);
  redis.disconnect();
});

/** Times biased to tile and window edges (exactly on a boundary, or 1 ms either side). */
const timeArb = (from: number, to: number) =>
  fc.oneof(
    fc.integer({ min: from, max: to }),
    fc.tuple(fc.integer({ min: 0, max: Math.floor((to - from) / MIN) }), fc.constantFrom(-1, 0, 1)).map(([k, d]) => Math.min(to, anchor - k * MIN + d)),
  );

const payloadArb = fc.record(
  {
    amount: fc.integer({ min: -20, max: 80 }).map((x) => x / 4),
    topic: fc.constantFrom('sports', 'travel', 'food', 'news', 'tech', 'art'),
    url: fc.constantFrom('/a', '/b', '/c', '/d'),
    meta: fc.record({ kind: fc.constantFrom('a', 'b') }),
  },
  { requiredKeys: ['meta'] },
);

const streamArb = () =>
  fc
    .array(fc.tuple(fc.constantFrom('page.viewed', 'card.used', 'other.event'), timeArb(now - 70 * MIN, now), payloadArb), { minLength: 1, maxLength: 60 })
    .chain((raw) => {
      const events: AggEvent[] = raw.map(([type, timestamp, payload], i) => ({ id: `e${i}`, type, customerId: 'c', timestamp, payload }));
      const dupes = fc.array(fc.constantFrom(...events), { maxLength: 10 });
      return dupes.chain((d) => fc.shuffledSubarray([...events, ...d], { minLength: events.length + d.length }));
    });

const batchesOf = (stream: AggEvent[], sizes: number[]): AggEvent[][] => {
  const out: AggEvent[][] = [];
  for (let i = 0, j = 0; i < stream.length; j++) {
    const size = sizes[j % sizes.length] ?? 5;
    out.push(stream.slice(i, i + size));
    i += size;
  }
  return out;
};

/** HLL error allowance: 3 standard errors (3 x 0.81 %), at least 1. */
const distinctOk = (got: number, exact: number): boolean => Math.abs(got - exact) <= Math.max(1, Math.ceil(0.0243 * exact));

function compare(got: AggregateValue[], want: AggregateValue[]): void {
  expect(got.map((v) => `${v.name}/${v.window}`)).toEqual(want.map((v) => `${v.name}/${v.window}`));
  got.forEach((g, i) => {
    const w = want[i]!;
    if (g.function === 'distinct' && w.status !== 'MISSING') {
      expect(distinctOk(g.value as number, w.value as number), `${g.name}/${g.window}: ${String(g.value)} vs ${String(w.value)}`).toBe(true);
      expect({ ...g, value: 0 }).toEqual({ ...w, value: 0 });
    } else expect(g, `${g.name}/${g.window}`).toEqual(w);
  });
}

describe('aggregates agree with the brute-force reference', () => {
  it('for shuffled, duplicated, late and edge-timed streams, at random asOf', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.option(timeArb(now - 50 * MIN, now + 2 * MIN), { nil: undefined }), { minLength: 1, maxLength: 6 }),
        async (stream, sizes, asOfs) => {
          const base = customerBase(prefix, 't', `c${customer++}`);
          await applyAll(redis, compiled, base, batchesOf(stream, sizes), now);
          const ref = { applied: stream, horizon: now - compiled.retentionMs };
          for (const asOfMs of asOfs) {
            const opts = { nowMs: now, ...(asOfMs === undefined ? {} : { asOfMs }) };
            compare(await readAggregates(redis, compiled, base, opts), referenceRead(compiled, ref, opts));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
