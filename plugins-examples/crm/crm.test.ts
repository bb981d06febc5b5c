// Loads the crm plugin into a real gateway (testkit) and reads typed Customer.crm fields.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from 'context-gateway/testkit';
import crm, { recordToEvent } from './index.ts';

const CRM = /* GraphQL */ `
  query ($id: ID!) {
    customer(id: $id) {
      crm { name email tier homeCity country creditScore signupDate updatedAt }
    }
  }
`;

describe('crm plugin', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ plugins: [crm] });
  });
  afterAll(() => gw.close());

  it('imports the sample CSV and answers typed fields', async () => {
    const rows = parse(readFileSync(new URL('./customers.csv', import.meta.url)), { columns: true }) as Record<string, string>[];
    const result = await gw.ingest(rows.map((r) => recordToEvent(r, Date.now())!));
    expect(result).toEqual({ accepted: 10, duplicates: 0, rejected: [] });
    const data = await gw.query(CRM, { id: 'cust-003' });
    expect(data.customer.crm).toEqual({
      name: 'Chloe Dubois',
      email: 'chloe.dubois@example.com',
      tier: 'PLATINUM',
      homeCity: 'Paris',
      country: 'FR',
      creditScore: 815,
      signupDate: '2019-11-20',
      updatedAt: '2026-11-03T08:15:00.000Z',
    });
  });

  it('keeps fields a partial update leaves out, and importing twice changes nothing', async () => {
    await gw.ingest([{ type: 'crm.customer', customerId: 'cust-p', timestamp: '2026-11-01T00:00:00Z', payload: { name: 'Pat', tier: 'silver' } }]);
    await gw.ingest([{ type: 'crm.customer', customerId: 'cust-p', timestamp: '2026-11-02T00:00:00Z', payload: { tier: 'gold' } }]);
    const data = await gw.query(CRM, { id: 'cust-p' });
    expect(data.customer.crm).toMatchObject({ name: 'Pat', tier: 'GOLD', email: null, updatedAt: '2026-11-02T00:00:00.000Z' });
    const row = { customer_id: 'cust-p', tier: 'gold', updated_at: '2026-11-02T00:00:00Z' };
    const again = recordToEvent(row, Date.now())!;
    expect(await gw.ingest([again, again])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await gw.ingest([again])).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('rejects a bad record with the plugin\'s own message', async () => {
    const result = await gw.ingest([{ type: 'crm.customer', customerId: 'cust-x', payload: { tier: 'diamond', creditScore: 900 } }]);
    expect(result.accepted).toBe(0);
    expect(result.rejected[0]).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(result.rejected[0]!.message).toMatch(/payload\.tier/);
    expect(result.rejected[0]!.message).toMatch(/payload\.creditScore/);
  });

  it('answers null for a customer the CRM does not know', async () => {
    await gw.ingest([{ type: 'profile.updated', customerId: 'cust-nocrm', payload: { attributes: { x: 1 } } }]);
    expect((await gw.query(CRM, { id: 'cust-nocrm' })).customer.crm).toBeNull();
  });

  it('masks emails when its option says so', async () => {
    const masked = await startTestGateway({ plugins: [{ plugin: crm, options: { maskEmail: true } }] });
    try {
      await masked.ingest([{ type: 'crm.customer', customerId: 'c1', payload: { email: 'someone@example.com' } }]);
      expect((await masked.query(CRM, { id: 'c1' })).customer.crm.email).toBe('s***@example.com');
    } finally {
      await masked.close();
    }
  });

  it('refuses a record without a customer id', () => {
    expect(() => recordToEvent({ name: 'x' }, 0)).toThrow(/customer_id/);
  });
});
