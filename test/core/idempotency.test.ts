import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/events/types.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const t0 = Date.now() - 600_000;
const view = (id: string, customerId = 'i1', dt = 0): GatewayEvent => ({
  id,
  type: 'page.viewed',
  customerId,
  timestamp: t0 + dt,
  payload: { url: `/p/${id}` },
  source: 'events',
});

describe('apply is idempotent by (tenant, event id)', () => {
  let gw: TestGateway;
  const counter = (customerId: string) => `${customerBase(gw.prefix, 'default', customerId)}:count`;
  beforeAll(async () => {
    gw = await startTestGateway();
    // A non-idempotent op (a counter) proves each event id is applied exactly once.
    gw.applier.opsHooks.push(() => [{ op: 'cmd', args: ['INCR', 'count'] }]);
  });
  afterAll(async () => gw.cleanup());

  it('the same event sent twice is applied once and reported as a duplicate', async () => {
    const body = JSON.stringify([{ ...view('d1'), timestamp: iso(t0), source: undefined }]);
    const post = () => gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await (await post()).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await (await post()).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect(await gw.redis.get(counter('i1'))).toBe('1');
  });

  it('a job retried after a crash mid-batch changes nothing that was already applied', async () => {
    const batch = [view('r1', 'i2'), view('r2', 'i3'), view('r3', 'i2', 1), view('r4', 'i4')];
    // The crash: only the first customer's part of the job got applied.
    await gw.applier.apply('default', batch.filter((e) => e.customerId === 'i2'));
    const retry = await gw.applier.apply('default', batch);
    expect(retry).toMatchObject({ applied: 2, duplicates: 2 });
    const again = await gw.applier.apply('default', batch);
    expect(again).toMatchObject({ applied: 0, duplicates: 4 });
    expect(await gw.redis.get(counter('i2'))).toBe('2');
    expect(await gw.redis.get(counter('i3'))).toBe('1');
    const { data } = await gw.gql(`{ customer(id: "i2") { events { id } } }`);
    expect(data.customer.events.map((e: any) => e.id)).toEqual(['r3', 'r1']);
  });

  it('a BullMQ job that fails once is retried and applied exactly once', async () => {
    let failures = 0;
    const flaky = async () => {
      if (failures++ === 0) throw new Error('simulated crash before apply');
    };
    gw.applier.beforeHooks.push(flaky);
    try {
      const res = await gw.fetch('http://gw/v1/events?wait=true', {
        method: 'POST',
        body: JSON.stringify([{ id: 'f1', type: 'page.viewed', customerId: 'i5', timestamp: iso(t0) }]),
      });
      expect(await res.json()).toMatchObject({ accepted: 1 });
      expect(failures).toBe(2);
      expect(await gw.redis.get(counter('i5'))).toBe('1');
    } finally {
      gw.applier.beforeHooks.splice(gw.applier.beforeHooks.indexOf(flaky), 1);
    }
  });
});
