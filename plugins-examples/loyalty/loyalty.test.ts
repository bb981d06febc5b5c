// The plugin in a real gateway (on the Redis at REDIS_URL), queried like a client would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from 'context-gateway/testkit';
import loyalty from './index.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ plugins: [{ plugin: loyalty, options: { pointsPerEuro: 2 } }] });
});
afterAll(() => gw.close());

it('turns purchases into points', async () => {
  await gw.ingest([
    { type: 'loyalty.purchase', customerId: 'c1', payload: { orderId: 'o1', euros: 20 } },
    { type: 'loyalty.purchase', customerId: 'c1', payload: { orderId: 'o2', euros: 5.5 } },
  ]);
  const data = await gw.query('{ customer(id: "c1") { loyalty { points spentLast30Days } profile } }');
  expect(data.customer.loyalty).toEqual({ points: 51, spentLast30Days: 25.5 });
  expect(data.customer.profile['loyalty.lastOrderId']).toBe('o2');
});

it('rejects a bad purchase with its own message', async () => {
  const result = await gw.ingest([{ type: 'loyalty.purchase', customerId: 'c1', payload: { orderId: 'o3', euros: -1 } }]);
  expect(result.rejected[0]?.message).toBe('payload.euros: Too small: expected number to be >0');
});
