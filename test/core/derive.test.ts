import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertOutbox, PENDING_ALERTS } from '../../src/derive/index.ts';
import type { GatewayEvent } from '../../src/events/types.ts';
import { definePlugin } from '../../src/plugins/types.ts';
import { customerBase, keyOf } from '../../src/redis/keys.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { subscribe, untilSubscribed } from '../helpers/sse.ts';

let crashes = 0;
const seenCounts: number[] = [];
const shop = definePlugin({
  name: 'shop',
  eventTypes: {
    'order.placed': {
      payload: z.object({ amount: z.number() }),
      derive: async (event, ctx) => {
        const [orders] = await ctx.aggregates(['orders_1h']);
        seenCounts.push(orders?.value as number);
        // The first derivation dies after the order was applied, as a worker crash would.
        if (event.payload.amount === 13 && crashes++ === 0) throw new Error('crash between apply and derive');
        const recent = await ctx.recentEvents({ types: ['order.placed'], limit: 5 });
        return [
          { type: 'order.counted', payload: { orders: orders?.value, recent: recent.length } },
          ...(event.payload.amount >= 100 ? [{ type: 'order.big', alert: true, payload: { amount: event.payload.amount } }] : []),
        ];
      },
    },
  },
  aggregations: [{ name: 'orders_1h', eventTypes: ['order.placed'], function: 'count', windows: ['1h'] }],
});

describe('derived events and alerts', () => {
  let gw: TestGateway;
  const now = Date.now();
  const order = (id: string, amount: number, agoMs = 0) => ({ id, type: 'order.placed', customerId: 'd1', timestamp: iso(now - agoMs), payload: { amount } });
  const post = async (events: unknown[]) => (await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) })).json();
  const eventsOf = async (type: string) => (await gw.gql(`{ customer(id: "d1") { events(types: ["${type}"]) { id timestamp payload source } } }`)).data.customer.events;

  beforeAll(async () => {
    gw = await startTestGateway({ queue: { attempts: 3 } }, { plugins: [{ plugin: shop }] });
  });
  afterAll(async () => gw.cleanup());

  it('derive sees the aggregates with its own event, and the derived event is stored with a deterministic id', async () => {
    await post([order('o1', 5, 60_000)]);
    expect(seenCounts).toEqual([1]);
    expect(await eventsOf('order.counted')).toEqual([{ id: 'o1:order.counted', timestamp: iso(now - 60_000), payload: { orders: 1, recent: 1 }, source: 'shop' }]);
  });

  it('a job that dies between apply and derive derives on its retry', async () => {
    await post([order('o2', 13)]);
    expect(crashes).toBe(2);
    expect((await eventsOf('order.counted')).map((e: any) => e.id)).toContain('o2:order.counted');
  });

  it('alerts are stored, published once, and leave nothing pending', async () => {
    const sse = await subscribe(gw.fetch, `subscription { alerts(customerId: "d1") { id type payload } }`);
    await untilSubscribed(gw.redis, `${gw.prefix}:alerts`);
    await post([order('o3', 150)]);
    expect((await sse.next()).data.alerts).toEqual({ id: 'o3:order.big', type: 'order.big', payload: { amount: 150 } });
    await sse.close();
    expect(await gw.redis.zcard(keyOf(customerBase(gw.prefix, 'default', 'd1'), PENDING_ALERTS))).toBe(0);
  });

  it('an alert left pending by a dead publisher is published by the retry, a fresh one is left to its publisher', async () => {
    const published: unknown[] = [];
    const bus = { publish: (_t: string, _tenant: string, events: unknown[]) => published.push(...events) };
    const outbox = new AlertOutbox({ redis: gw.redis, bus: bus as never, prefix: gw.prefix, retentionMs: 86_400_000, graceMs: 1000 });
    const key = keyOf(customerBase(gw.prefix, 'default', 'd9'), PENDING_ALERTS);
    // Its own "now": the module's may be seconds old by the time this test runs.
    const at = Date.now();
    const alert = (id: string): GatewayEvent => ({ id, type: 'x.alert', customerId: 'd9', timestamp: at, payload: {}, source: 'shop' });
    await gw.redis.zadd(key, at - 60_000, 'orphan', at, 'in-flight');
    await outbox.deliver('default', [], [alert('orphan'), alert('in-flight'), alert('done')]);
    expect(published).toEqual([expect.objectContaining({ id: 'orphan' })]);
    expect(await gw.redis.zrange(key, 0, -1)).toEqual(['in-flight']);
  });
});
