import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { iso, startTestGateway, type TestGateway } from '../../test/helpers/gateway.ts';
import { subscribe, untilSubscribed, type SseStream } from '../../test/helpers/sse.ts';
import fraud, { ALERT } from './index.ts';
import { distanceKm } from './geo.ts';

const LONDON = { lat: 51.5074, lon: -0.1278 };
const PARIS = { lat: 48.8566, lon: 2.3522 };
const NEW_YORK = { lat: 40.7128, lon: -74.006 };
const ALERTS = `subscription($c: ID) { alerts(customerId: $c) { id type customerId timestamp payload source } }`;

describe('fraud example plugin', () => {
  let gw: TestGateway;
  /** A second replica on the same Redis, without a worker: alerts reach it only through Redis pub/sub. */
  let replica: Gateway;
  let sse: SseStream;
  const t0 = Date.now() - 3_600_000;
  const tx = (id: string, customerId: string, atMs: number, place: { lat: number; lon: number }, amount = 20) => ({
    id, type: 'card.transaction', customerId, timestamp: iso(atMs), payload: { amount, currency: 'GBP', merchant: `m-${id}`, ...place },
  });
  const post = async (events: unknown[]) => (await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) })).json();
  const alertsOf = async (customerId: string) =>
    (await gw.gql(`query($c: ID!) { customer(id: $c) { events(types: ["${ALERT}"]) { id timestamp payload source } } }`, { c: customerId })).data.customer.events;

  beforeAll(async () => {
    gw = await startTestGateway({}, { plugins: [{ plugin: fraud }] });
    replica = await createGateway(gw.config, { logger: createLogger('silent'), worker: false, plugins: [{ plugin: fraud }] });
    sse = await subscribe(replica.fetch, ALERTS);
    await untilSubscribed(gw.redis, `${gw.prefix}:alerts`);
  });
  afterAll(async () => {
    await sse.close();
    await replica.close();
    await gw.cleanup();
  });

  it('London then Paris 40 seconds later fires fraud.impossible_travel on Subscription.alerts (SSE, another replica)', async () => {
    expect(await post([tx('lon-1', 'c1', t0, LONDON, 30), tx('par-1', 'c1', t0 + 40_000, PARIS, 12.5)])).toMatchObject({ accepted: 2, rejected: [] });
    const { data } = await sse.next();
    expect(data.alerts).toMatchObject({ id: `${ALERT}:lon-1|par-1`, type: ALERT, customerId: 'c1', timestamp: iso(t0 + 40_000), source: 'fraud' });
    expect(data.alerts.payload).toMatchObject({ from: { id: 'lon-1' }, to: { id: 'par-1' }, seconds: 40, maxSpeedKmh: 900 });
    expect(data.alerts.payload.speedKmh).toBeGreaterThan(30_000);
    expect(data.alerts.payload.distanceKm).toBeCloseTo(distanceKm(LONDON, PARIS), 0);
  });

  it('stores the alert on the timeline and sums card_spend_24h', async () => {
    expect(await alertsOf('c1')).toEqual([expect.objectContaining({ id: `${ALERT}:lon-1|par-1`, source: 'fraud' })]);
    const { data } = await gw.gql(`{ customer(id: "c1") { aggregates(names: ["card_spend_24h"]) { function window value status } } }`);
    expect(data.customer.aggregates).toEqual([{ function: 'sum', window: '24h', value: 42.5, status: 'FRESH' }]);
  });

  it('a duplicate or a retried job does not fire twice', async () => {
    expect(await post([tx('par-1', 'c1', t0 + 40_000, PARIS, 12.5)])).toMatchObject({ accepted: 0, duplicates: 1 });
    // A retried job: the same events added to the queue again, past the ingest-time duplicate check.
    const [job] = await gw.services.ingestor['o'].queue.add('default', [[tx('lon-1', 'c1', t0, LONDON, 30), tx('par-1', 'c1', t0 + 40_000, PARIS, 12.5)]]);
    await gw.services.ingestor['o'].queue.waitFor([job!]);
    // The next alert on the stream is the new pair's, not the London-Paris one again.
    await post([tx('ny-1', 'c1', t0 + 100_000, NEW_YORK)]);
    const { data } = await sse.next();
    expect(data.alerts.id).toBe(`${ALERT}:par-1|ny-1`);
    expect((await alertsOf('c1')).map((a: any) => a.id)).toEqual([`${ALERT}:par-1|ny-1`, `${ALERT}:lon-1|par-1`]);
  });

  it('pairs by event time: a late London transaction still fires once against the Paris one after it', async () => {
    await post([tx('par-2', 'c2', t0 + 40_000, PARIS)]);
    await post([tx('lon-2', 'c2', t0, LONDON)]);
    await post([tx('par-2', 'c2', t0 + 40_000, PARIS), tx('lon-2', 'c2', t0, LONDON)]);
    expect((await alertsOf('c2')).map((a: any) => a.id)).toEqual([`${ALERT}:lon-2|par-2`]);
  });

  it('stays quiet below the speed limit, and the limit is an option', async () => {
    expect(await post([tx('lon-3', 'c3', t0 - 3 * 3_600_000, LONDON), tx('par-3', 'c3', t0 - 3_600_000, PARIS)])).toMatchObject({ accepted: 2 });
    expect(await alertsOf('c3')).toEqual([]);
    const strict = await startTestGateway({}, { plugins: [{ plugin: fraud, options: { maxSpeedKmh: 100 } }] });
    try {
      await strict.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify([tx('lon-4', 'c4', t0 - 3 * 3_600_000, LONDON), tx('par-4', 'c4', t0 - 3_600_000, PARIS)]) });
      const { data } = await strict.gql(`{ customer(id: "c4") { events(types: ["${ALERT}"]) { id payload } } }`);
      expect(data.customer.events).toEqual([expect.objectContaining({ id: `${ALERT}:lon-4|par-4`, payload: expect.objectContaining({ maxSpeedKmh: 100 }) })]);
    } finally {
      await strict.cleanup();
    }
  });

  it('its demo events hold one impossible-travel alert', async () => {
    const demo = await startTestGateway({}, { plugins: [{ plugin: fraud }] });
    try {
      const result = await runDemo(demo, { customers: 3, progress: false });
      expect(result.rejected).toEqual([]);
      const { data } = await demo.gql(`{ sources { name eventsApplied } }`);
      expect(data.sources.find((s: any) => s.name === 'fraud').eventsApplied).toBe(3 * 3 + 2 + 1); // 3 everyday payments each, London + Paris, and the alert
    } finally {
      await demo.cleanup();
    }
  });
});
