import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/types.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const shop = definePlugin({
  name: 'shop',
  kind: 'commerce',
  eventTypes: { 'order.placed': { payload: z.object({ amount: z.number(), sku: z.string() }) } },
  aggregations: [
    { name: 'orders_1h', eventTypes: ['order.placed'], function: 'count', windows: ['1h'], ttl: '2h' },
    { name: 'spend', eventTypes: ['order.placed'], function: 'sum', field: 'amount', windows: ['24h', 'lifetime'] },
  ],
});

describe('Customer.aggregates through the whole path', () => {
  let gw: TestGateway;
  const now = Date.now();
  const order = (id: string, agoMs: number, amount: number) => ({ id, type: 'order.placed', customerId: 'a1', timestamp: iso(now - agoMs), payload: { amount, sku: 'x' } });
  beforeAll(async () => {
    gw = await startTestGateway({ retention: '2d' }, { plugins: [{ plugin: shop }] });
    const res = await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([order('o1', 10 * 60_000, 10), order('o2', 3 * 3_600_000, 5), order('o3', 30 * 3_600_000, 7), order('o1', 10 * 60_000, 10), order('old', 3 * 86_400_000, 99)]),
    });
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 3, duplicates: 1 });
    expect(body.rejected).toEqual([{ index: 4, id: 'old', code: 'TOO_OLD', message: expect.stringMatching(/retention horizon/) }]);
  });
  afterAll(async () => gw.cleanup());

  it('answers every window with FRESH values', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "a1") { aggregates { name function window value status asOf } } }`);
    expect(errors).toBeUndefined();
    const byKey = Object.fromEntries(data.customer.aggregates.map((a: any) => [`${a.name}/${a.window}`, a]));
    expect(byKey['orders_1h/1h']).toMatchObject({ function: 'count', value: 1, status: 'FRESH' });
    expect(byKey['spend/24h']).toMatchObject({ function: 'sum', value: 15 });
    expect(byKey['spend/lifetime']).toMatchObject({ value: 22 });
  });

  it('asOf answers as of that moment; names filter', async () => {
    const { data } = await gw.gql(`query($t: DateTime) { customer(id: "a1") { aggregates(names: ["orders_1h"], asOf: $t) { name value status } } }`, { t: iso(now - 2.5 * 3_600_000) });
    expect(data.customer.aggregates).toEqual([{ name: 'orders_1h', value: 1, status: 'FRESH' }]);
  });

  it('refused events are counted on their source', async () => {
    const { data } = await gw.gql(`{ sources { name kind lastEventAt eventsApplied eventsRefused } }`);
    expect(data.sources.find((s: any) => s.name === 'shop')).toEqual({ name: 'shop', kind: 'commerce', lastEventAt: iso(now - 10 * 60_000), eventsApplied: 3, eventsRefused: 1 });
  });
});
