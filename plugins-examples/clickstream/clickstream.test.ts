import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../../test/helpers/gateway.ts';
import clickstream from './index.ts';

describe('clickstream example plugin', () => {
  let gw: TestGateway;
  const now = Date.now();
  const view = (i: number, agoMs: number, topic: string) => ({
    id: `pv-${i}`, type: 'page.viewed', customerId: 'c1', timestamp: iso(now - agoMs), payload: { url: `/p/${i}`, topic },
  });
  beforeAll(async () => {
    gw = await startTestGateway({ retention: '2d' }, { plugins: [{ plugin: clickstream }] });
    const events = [
      view(1, 30 * 60_000, 'beaches'), view(2, 20 * 60_000, 'beaches'), view(3, 10 * 60_000, 'hotels'),
      view(4, 5 * 60_000, 'beaches'), view(5, 2 * 3_600_000, 'flights'), view(6, 3 * 60_000, 'cars'),
      view(7, 2 * 60_000, 'trains'), view(8, 60_000, 'boats'), view(9, 30_000, 'bikes'), view(10, 26 * 3_600_000, 'old'),
    ];
    const res = await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: events.map((e) => JSON.stringify(e)).join('\n') });
    expect(await res.json()).toMatchObject({ accepted: 10, duplicates: 0, rejected: [] });
  });
  afterAll(async () => gw.cleanup());

  it('answers the three aggregates', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "c1") { aggregates { name window value status } } }`);
    expect(errors).toBeUndefined();
    const by = Object.fromEntries(data.customer.aggregates.map((a: any) => [a.name, a]));
    expect(by.page_views_24h).toMatchObject({ window: '24h', value: 9, status: 'FRESH' });
    expect(by.topics_1h.value).toHaveLength(5);
    expect(by.topics_1h.value[0]).toEqual({ value: 'beaches', count: 3 });
    expect(by.topics_1h.value.map((t: any) => t.value)).not.toContain('flights');
    expect(by.last_pages.value.map((p: any) => p.value)).toEqual(['/p/9', '/p/8', '/p/7', '/p/6', '/p/4']);
  });

  it('exposes the typed Customer.clickstream field', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "c1") { clickstream { topTopics { topic count } pageViews24h lastPages { url timestamp } status } } }`);
    expect(errors).toBeUndefined();
    const c = data.customer.clickstream;
    expect(c.pageViews24h).toBe(9);
    expect(c.status).toBe('FRESH');
    expect(c.topTopics[0]).toEqual({ topic: 'beaches', count: 3 });
    expect(c.lastPages[0]).toEqual({ url: '/p/9', timestamp: iso(now - 30_000) });
  });

  it('answers the typed field as of a past time', async () => {
    const { data } = await gw.gql(`query($t: DateTime) { customer(id: "c1") { clickstream(asOf: $t) { topTopics { topic count } pageViews24h } } }`, { t: iso(now - 90 * 60_000) });
    expect(data.customer.clickstream.topTopics).toEqual([{ topic: 'flights', count: 1 }]);
  });

  it('rejects a page view without a topic', async () => {
    const res = await gw.fetch('http://gw/v1/events', { method: 'POST', body: JSON.stringify({ id: 'bad', type: 'page.viewed', customerId: 'c1', timestamp: iso(now), payload: { url: '/x' } }) });
    const body = await res.json();
    expect(body.rejected[0]).toMatchObject({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(/topic/) });
  });
});
