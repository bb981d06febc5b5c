import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('round trip: ingest an event, read it back', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw.cleanup());

  it('POST /v1/events?wait=true then customer { profile attributes events }', async () => {
    const t = Date.now() - 60_000;
    const res = await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { id: 'e1', type: 'profile.updated', customerId: 'c1', timestamp: iso(t), payload: { attributes: { tier: 'gold', city: 'Lisbon' } } },
        { id: 'e2', type: 'page.viewed', customerId: 'c1', timestamp: iso(t + 1000), payload: { url: '/japan' } },
      ]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const { data, errors } = await gw.gql(`{ customer(id: "c1") { id profile attributes { name value source observedAt status } events(limit: 10) { id type timestamp source payload } } }`);
    expect(errors).toBeUndefined();
    expect(data.customer.profile).toEqual({ tier: 'gold', city: 'Lisbon' });
    expect(data.customer.attributes).toContainEqual({ name: 'tier', value: 'gold', source: 'core', observedAt: iso(t), status: 'FRESH' });
    expect(data.customer.events.map((e: any) => e.id)).toEqual(['e2', 'e1']);
    expect(data.customer.events[0]).toMatchObject({ type: 'page.viewed', timestamp: iso(t + 1000), source: 'events', payload: { url: '/japan' } });
  });

  it('an unknown customer is null', async () => {
    const { data } = await gw.gql(`{ customer(id: "nobody") { id } }`);
    expect(data.customer).toBeNull();
  });
});
