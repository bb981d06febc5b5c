// The demo data set: deterministic for a seed, inside the last 30 days, valid for its plugins, and
// loaded through the normal ingestion path (a second run changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import airline from '../../plugins-examples/airline/index.ts';
import crm from '../../plugins-examples/crm/index.ts';
import { collectDemoEvents, runDemo, tenantIsEmpty } from '../../src/demo/index.ts';
import { createLogger } from '../../src/logger.ts';
import { buildRegistry } from '../../src/plugins/loader.ts';
import { startTestGateway, type TestGateway } from '../../src/testkit/index.ts';

const DAY = 86_400_000;
const registry = () => buildRegistry([{ plugin: crm }, { plugin: airline }], createLogger('silent'));
const ms = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));

describe('demo events', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('are the same for a seed and different for another', async () => {
    const a = await collectDemoEvents(registry(), { now, seed: 1 });
    const b = await collectDemoEvents(registry(), { now, seed: 1 });
    const c = await collectDemoEvents(registry(), { now, seed: 2 });
    expect(a.events).toEqual(b.events);
    expect(a.events).not.toEqual(c.events);
  });

  it('cover ~50 customers with a few thousand events in the last 30 days, oldest first, unique ids', async () => {
    const { events, bySource } = await collectDemoEvents(registry(), { now });
    expect(new Set(events.map((e) => e.customerId)).size).toBe(50);
    expect(events.length).toBeGreaterThan(1000);
    expect([...bySource.keys()]).toEqual(['crm', 'airline']);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) {
      expect(ms(e.timestamp)).toBeLessThanOrEqual(now);
      expect(ms(e.timestamp)).toBeGreaterThan(now - 30 * DAY);
    }
    expect(events.map((e) => ms(e.timestamp))).toEqual(events.map((e) => ms(e.timestamp)).sort((x, y) => x - y));
  });

  it('do not change for one plugin when another joins (per-plugin seeds)', async () => {
    const alone = await collectDemoEvents(buildRegistry([{ plugin: airline }], createLogger('silent')), { now });
    const both = await collectDemoEvents(registry(), { now });
    expect(both.events.filter((e) => e.type.startsWith('airline.'))).toEqual(alone.events);
  });
});

describe('runDemo', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ plugins: [crm, airline] });
  });
  afterAll(() => gw.close());

  it('loads through ingestion, populates the graph, and is idempotent', async () => {
    expect(await tenantIsEmpty(gw.gateway)).toBe(true);
    const first = await runDemo(gw.gateway, { customers: 5, progress: false });
    expect(first.rejected).toEqual([]);
    expect(first.accepted).toBeGreaterThan(50);
    expect(await tenantIsEmpty(gw.gateway)).toBe(false);
    const data = await gw.query('{ customer(id: "cust-001") { crm { name homeCity } bookings { ref } lastContact { channel } } sources { name lastEventAt } }');
    expect(data.customer.crm.name).toMatch(/^\w+ \w+$/);
    expect(data.customer.bookings.length).toBeGreaterThan(0);
    expect(data.customer.lastContact).not.toBeNull();
    const again = await runDemo(gw.gateway, { customers: 5, progress: false });
    expect(again).toEqual({ accepted: 0, duplicates: first.accepted, rejected: [] });
  });
});
