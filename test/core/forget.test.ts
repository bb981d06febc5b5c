import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('forgetCustomer', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw.cleanup());

  it('removes every key of that customer and nobody else\'s', async () => {
    const t = Date.now() - 1000;
    const events = ['gone', 'kept'].flatMap((c) => [
      { id: `${c}-1`, type: 'profile.updated', customerId: c, timestamp: iso(t), payload: { attributes: { tier: 'gold' } } },
      { id: `${c}-2`, type: 'page.viewed', customerId: c, timestamp: iso(t) },
    ]);
    await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) });
    expect(await gw.redis.keys(`${gw.prefix}:{default:gone}:*`)).not.toHaveLength(0);
    const { data } = await gw.gql(`mutation { forgetCustomer(id: "gone") }`);
    expect(data.forgetCustomer).toBe(true);
    expect(await gw.redis.keys(`${gw.prefix}:{default:gone}:*`)).toEqual([]);
    expect((await gw.gql(`{ customer(id: "gone") { id } }`)).data.customer).toBeNull();
    expect((await gw.gql(`{ customer(id: "kept") { profile } }`)).data.customer.profile).toEqual({ tier: 'gold' });
  });

  it('ids with key-special characters stay inside their own hash tag', async () => {
    const id = 'we}ird:{id}*';
    await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([{ id: 'w1', type: 'profile.updated', customerId: id, timestamp: iso(Date.now() - 10), payload: { attributes: { a: 1 } } }]),
    });
    expect((await gw.gql(`query($id: ID!) { customer(id: $id) { profile } }`, { id })).data.customer.profile).toEqual({ a: 1 });
    await gw.gql(`mutation($id: ID!) { forgetCustomer(id: $id) }`, { id });
    expect((await gw.gql(`query($id: ID!) { customer(id: $id) { id } }`, { id })).data.customer).toBeNull();
  });
});
