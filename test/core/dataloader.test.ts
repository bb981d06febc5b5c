import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('DataLoader batching', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
    const t = Date.now() - 1000;
    const events = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, type: 'profile.updated', customerId: `c${i}`, timestamp: iso(t), payload: { attributes: { n: i } } }));
    await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) });
  });
  afterAll(async () => gw.cleanup());

  /** Counts round trips on the gateway's connection: pipelines sent, plus lone commands. */
  async function roundTrips(query: string, variables: Record<string, unknown>) {
    const redis = gw.redis as any;
    const pipeline = redis.pipeline.bind(redis);
    const send = redis.sendCommand.bind(redis);
    let execs = 0;
    let pipelined = 0;
    let sent = 0;
    redis.pipeline = (...args: unknown[]) => {
      const p = pipeline(...args);
      const exec = p.exec.bind(p);
      p.exec = (...a: unknown[]) => {
        execs++;
        pipelined += p.length;
        return exec(...a);
      };
      return p;
    };
    // Pipelines send their commands through sendCommand too; the rest went alone.
    redis.sendCommand = (...args: unknown[]) => {
      sent++;
      return send(...args);
    };
    try {
      const res = await gw.gql(query, variables);
      expect(res.errors).toBeUndefined();
      return { trips: execs + (sent - pipelined), commands: sent, data: res.data };
    } finally {
      redis.pipeline = pipeline;
      redis.sendCommand = send;
    }
  }

  it('customers(ids: [100 ids]) { profile } costs the same round trips as 10 ids', async () => {
    const q = `query($ids: [ID!]!) { customers(ids: $ids) { id profile } }`;
    const ten = await roundTrips(q, { ids: Array.from({ length: 10 }, (_, i) => `c${i}`) });
    const hundred = await roundTrips(q, { ids: Array.from({ length: 100 }, (_, i) => `c${i}`) });
    expect(hundred.data.customers).toHaveLength(100);
    expect(hundred.data.customers[42]).toEqual({ id: 'c42', profile: { n: 42 } });
    expect(hundred.trips).toBe(ten.trips);
    expect(hundred.trips).toBeLessThanOrEqual(2);
    // One EXISTS and one HGETALL per customer, nothing per field: no N+1.
    expect(hundred.commands).toBe(200);
  });

  it('customers keeps the order of ids and gives null for unknown ones', async () => {
    const { data } = await gw.gql(`{ customers(ids: ["c3", "nobody", "c1"]) { id } }`);
    expect(data.customers).toEqual([{ id: 'c3' }, null, { id: 'c1' }]);
  });
});
