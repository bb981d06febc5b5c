import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const HOUR = 3_600_000;
const t0 = Date.now() - 48 * HOUR;
const set = (id: string, customerId: string, at: number, attributes: Record<string, unknown>) => ({
  id,
  type: 'profile.updated',
  customerId,
  timestamp: iso(at),
  payload: { attributes },
});

describe('attributes: event time wins, asOf, TTL', () => {
  let gw: TestGateway;
  const send = async (events: unknown[]) => {
    const res = await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) });
    expect(res.status).toBe(200);
  };
  beforeAll(async () => {
    gw = await startTestGateway({ attributes: { ttl: { mood: '1h' }, defaultTtl: '30d' } });
  });
  afterAll(async () => gw.cleanup());

  it('a later event time wins regardless of arrival order', async () => {
    await send([set('a3', 'o1', t0 + 3 * HOUR, { tier: 'platinum' })]);
    await send([set('a1', 'o1', t0 + HOUR, { tier: 'silver' }), set('a2', 'o1', t0 + 2 * HOUR, { tier: 'gold' })]);
    const { data } = await gw.gql(`{ customer(id: "o1") { profile attributes { name value observedAt } } }`);
    expect(data.customer.profile).toEqual({ tier: 'platinum' });
    expect(data.customer.attributes).toEqual([{ name: 'tier', value: 'platinum', observedAt: iso(t0 + 3 * HOUR) }]);
  });

  it('asOf answers as the data stood then, and nothing from later leaks', async () => {
    const q = (asOf: number) => gw.gql(`query($a: DateTime) { customer(id: "o1") { attributes(asOf: $a) { name value } } }`, { a: iso(asOf) });
    expect((await q(t0 + 90 * 60_000)).data.customer.attributes).toEqual([{ name: 'tier', value: 'silver' }]);
    expect((await q(t0 + 2 * HOUR)).data.customer.attributes).toEqual([{ name: 'tier', value: 'gold' }]);
    expect((await q(t0)).data.customer.attributes).toEqual([]);
  });

  it('null clears an attribute from that time on', async () => {
    await send([set('c1', 'o2', t0, { nickname: 'Jo', tier: 'gold' }), set('c2', 'o2', t0 + HOUR, { nickname: null })]);
    const { data } = await gw.gql(`query($a: DateTime) { customer(id: "o2") { profile then: attributes(asOf: $a) { name value } } }`, { a: iso(t0 + 1000) });
    expect(data.customer.profile).toEqual({ tier: 'gold' });
    expect(data.customer.then).toEqual([{ name: 'nickname', value: 'Jo' }, { name: 'tier', value: 'gold' }]);
  });

  it('values older than their TTL come back STALE, never FRESH', async () => {
    const now = Date.now();
    await send([set('s1', 'o3', now - 2 * HOUR, { mood: 'happy', tier: 'gold' }), set('s2', 'o3', now - 60_000, { city: 'Oslo' })]);
    await send([set('s3', 'o3', now - 31 * 24 * HOUR, { segment: 'b2b' })]);
    const { data } = await gw.gql(`{ customer(id: "o3") { attributes { name status } } }`);
    expect(data.customer.attributes).toEqual([
      { name: 'city', status: 'FRESH' },
      { name: 'mood', status: 'STALE' },
      { name: 'segment', status: 'STALE' },
      { name: 'tier', status: 'FRESH' },
    ]);
  });

  it('complex values (arrays, objects, big numbers) round-trip unchanged', async () => {
    const value = { tags: [], nested: { list: [1, 'two', null] }, big: 12345678901234 };
    await send([set('j1', 'o4', t0, value)]);
    const { data } = await gw.gql(`{ customer(id: "o4") { profile } }`);
    expect(data.customer.profile).toEqual(value);
  });
});
