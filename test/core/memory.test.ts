import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('memory', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ limits: { memoryPerCustomer: 3 } });
  });
  afterAll(async () => gw.cleanup());

  const remember = (customerId: string, text: string, role?: string) =>
    gw.gql(`mutation($c: ID!, $t: String!, $r: String) { remember(customerId: $c, text: $t, role: $r) { id text role createdAt } }`, { c: customerId, t: text, r: role });

  it('remembers, newest first, bounded per customer; the customer becomes known', async () => {
    const first = await remember('m1', 'wants somewhere warmer this summer', 'user');
    expect(first.data.remember).toMatchObject({ text: 'wants somewhere warmer this summer', role: 'user' });
    for (const t of ['prefers aisle seats', 'travels with a dog', 'vegetarian']) await remember('m1', t);
    const { data } = await gw.gql(`{ customer(id: "m1") { memory { text role } last: memory(limit: 1) { text } } }`);
    expect(data.customer.memory.map((m: any) => m.text)).toEqual(['vegetarian', 'travels with a dog', 'prefers aisle seats']);
    expect(data.customer.last).toEqual([{ text: 'vegetarian' }]);
  });

  it('rejects empty or oversize text and odd roles with a clear message', async () => {
    expect((await remember('m2', '   ')).errors?.[0]).toMatchObject({ message: 'text must not be empty', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await remember('m2', 'x'.repeat(5000))).errors?.[0].message).toMatch(/limit is 4000/);
    expect((await remember('m2', 'hi', 'sys tem!')).errors?.[0].message).toMatch(/role must be/);
  });

  it('forgetCustomer erases memory too', async () => {
    await remember('m3', 'secret');
    await gw.gql(`mutation { forgetCustomer(id: "m3") }`);
    expect((await gw.gql(`{ customer(id: "m3") { memory { text } } }`)).data.customer).toBeNull();
  });
});
