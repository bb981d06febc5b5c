import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('the events queue: jobs added directly, failures kept with their reason', () => {
  let gw: TestGateway;
  let producer: Queue;
  let conn: Redis;
  beforeAll(async () => {
    gw = await startTestGateway({ queue: { attempts: 2 } });
    conn = new Redis({ maxRetriesPerRequest: null });
    producer = new Queue(gw.config.queue.name, { connection: conn });
  });
  afterAll(async () => {
    await producer.close();
    conn.disconnect();
    await gw.cleanup();
  });

  it('another service adds a job in the documented shape; it is applied to its tenant', async () => {
    const job = await producer.add('events', {
      v: 1,
      tenant: 'acme',
      events: [
        { id: 'x1', type: 'profile.updated', customerId: 'q1', timestamp: iso(Date.now() - 1000), payload: { attributes: { tier: 'gold' } } },
        { id: 'x2', type: 'profile.updated', customerId: 'q1', timestamp: 'not a time', payload: { attributes: { tier: 'x' } } },
      ],
    });
    const result = await waitDone(producer, job.id!);
    expect(result.returnvalue).toMatchObject({ applied: 1, duplicates: 0, rejected: [{ index: 1, id: 'x2', code: 'INVALID_EVENT' }] });
    const hash = await gw.redis.hgetall(`${gw.prefix}:{acme:q1}:attr`);
    expect(JSON.parse(hash.tier!).v).toBe('gold');
    // The open gateway acts on tenant "default": acme's customer is not visible there.
    expect((await gw.gql(`{ customer(id: "q1") { id } }`)).data.customer).toBeNull();
  });

  it("the gateway's own jobs are marked validated and applied as ingested; direct ones are validated", async () => {
    const res = await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([{ id: 'g1', type: 'profile.updated', customerId: 'q3', timestamp: iso(Date.now() - 1000), payload: { attributes: { tier: 'silver' } } }]),
    });
    expect(res.ok).toBe(true);
    const own = (await producer.getCompleted()).find((j) => j.data.tenant === 'default');
    expect(own?.data).toMatchObject({ v: 1, tenant: 'default', validated: true });
    expect(own?.returnvalue).toMatchObject({ applied: 1, rejected: [] });
    const attr = await gw.redis.hget(`${gw.prefix}:{default:q3}:attr`, 'tier');
    expect(JSON.parse(attr!)).toMatchObject({ v: 'silver', s: 'core' });
    // A job that claims the mark but is not in the stored shape is still validated event by event.
    const job = await producer.add('events', {
      v: 1,
      tenant: 'acme',
      validated: true,
      events: [
        { id: 'y1', type: 'profile.updated', customerId: 'q4', timestamp: 'not a time', payload: { attributes: { tier: 'x' } } },
        { id: 'y2', type: 'profile.updated', customerId: 'q4', timestamp: iso(Date.now() - 1000), payload: { attributes: { tier: 'gold' } } },
      ],
    });
    const result = await waitDone(producer, job.id!);
    expect(result.returnvalue).toMatchObject({ applied: 1, rejected: [{ index: 0, id: 'y1', code: 'INVALID_EVENT' }] });
  });

  it('a job whose data is not the documented shape lands in the failed set with its reason', async () => {
    const job = await producer.add('events', { tenant: 'acme', events: 'nope' }, { attempts: 3 });
    const failed = await waitDone(producer, job.id!);
    expect(failed.finishedOn).toBeTruthy();
    expect(failed.failedReason).toMatch(/events/);
    expect(await producer.getFailedCount()).toBeGreaterThanOrEqual(1);
  });

  it('a job that keeps failing is retried, then kept in the failed set', async () => {
    const boom = async () => {
      throw new Error('vector store down');
    };
    gw.applier.beforeHooks.push(boom);
    try {
      const job = await producer.add('events', { v: 1, tenant: 'acme', events: [{ id: 'k1', type: 'a.b', customerId: 'q2', timestamp: iso(Date.now()) }] }, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
      const failed = await waitDone(producer, job.id!);
      expect(failed.failedReason).toBe('vector store down');
      expect(failed.attemptsMade).toBe(2);
    } finally {
      gw.applier.beforeHooks.splice(gw.applier.beforeHooks.indexOf(boom), 1);
    }
  });
});

async function waitDone(queue: Queue, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await queue.getJob(id);
    if (job?.finishedOn) return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not finish`);
}
