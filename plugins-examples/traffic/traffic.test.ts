import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../../test/helpers/gateway.ts';
import { startUpstream, type Reply, type Upstream } from '../../test/helpers/upstream.ts';
import traffic from './index.ts';

// TomTom's Flow Segment Data answer, as https://api.tomtom.com/traffic/services/4/flowSegmentData sends it.
const segment = (currentSpeed: number, freeFlowSpeed: number, roadClosure = false) => ({
  flowSegmentData: {
    frc: 'FRC1', currentSpeed, freeFlowSpeed, currentTravelTime: 137, freeFlowTravelTime: 60, confidence: 0.97, roadClosure,
    coordinates: { coordinate: [{ latitude: 38.7741, longitude: -9.1339 }, { latitude: 38.7749, longitude: -9.1331 }] },
    '@version': 'traffic-service-flow 1.0.120',
  },
});

const TRAFFIC = `traffic { place level currentSpeed freeFlowSpeed currentTravelTime freeFlowTravelTime confidence roadClosure fetchedAt }`;

async function seed(gw: TestGateway) {
  const now = Date.now();
  const profile = (id: string, attributes: object) => ({ id: `p-${id}`, type: 'profile.updated', customerId: id, timestamp: iso(now - 60_000), payload: { attributes } });
  await gw.fetch('http://gw/v1/events?wait=true', {
    method: 'POST',
    body: JSON.stringify([
      profile('lisbon', { homeCity: 'Lisbon' }),
      profile('driver', { lastLat: 38.70001, lastLon: -9.40001 }),
      profile('slow', { homeCity: 'Paris' }),
      profile('down', { homeCity: 'Rome' }),
      profile('bad', { homeCity: 'Madrid' }),
    ]),
  });
}

describe('traffic example plugin (TomTom wire format on a local server)', () => {
  let gw: TestGateway;
  let up: Upstream;
  const special = new Map<string, () => Reply | Promise<Reply>>();

  beforeAll(async () => {
    up = await startUpstream((url) => {
      if (url.searchParams.get('key') !== 'test-key') return { status: 403, body: '<h1>Developer Inactive</h1>' };
      const point = url.searchParams.get('point')!;
      return special.get(point)?.() ?? { body: point.startsWith('38.774') ? segment(35, 80) : segment(72, 80) };
    });
    gw = await startTestGateway({ context: { deadline: '5s' } }, { plugins: [{ plugin: traffic, options: { baseUrl: up.url, apiKey: 'test-key', timeout: 1000 } }] });
    await seed(gw);
  });
  afterAll(async () => {
    await gw.cleanup();
    await up.close();
  });

  it('answers Customer.traffic near the home airport with the real TomTom request', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "lisbon") { ${TRAFFIC} } }`);
    expect(errors).toBeUndefined();
    expect(data.customer.traffic).toMatchObject({
      place: 'Lisbon airport', level: 'HEAVY', currentSpeed: 35, freeFlowSpeed: 80, currentTravelTime: 137, freeFlowTravelTime: 60, confidence: 0.97, roadClosure: false,
    });
    const req = up.requests.at(-1)!;
    expect(req.pathname).toBe('/traffic/services/4/flowSegmentData/absolute/10/json');
    expect(Object.fromEntries(req.searchParams)).toEqual({ point: '38.774,-9.134', unit: 'KMPH', key: 'test-key' });
  });

  it('uses the last known position, and dedupes a place asked twice in one operation', async () => {
    const before = up.requests.length;
    const { data } = await gw.gql(`{ a: customer(id: "driver") { traffic { place level } } b: customer(id: "driver") { traffic { place } } }`);
    expect(data.a.traffic).toEqual({ place: 'your last known location', level: 'FREE_FLOW' });
    expect(up.requests.length - before).toBe(1);
    expect(up.requests.at(-1)!.searchParams.get('point')).toBe('38.7,-9.4');
  });

  it('adds a REALTIME context item', async () => {
    const { data } = await gw.gql(`{ customer(id: "lisbon") { context { items { kind source text } errors { source } } } }`);
    expect(data.customer.context.items).toContainEqual({ kind: 'REALTIME', source: 'traffic', text: 'Traffic near Lisbon airport: heavy, 35 km/h vs 80 free-flow' });
    expect(data.customer.context.errors).toEqual([]);
  });

  it('slow, failing and malformed answers: null field, typed error, Context.errors', async () => {
    special.set('49.01,2.548', async () => {
      await up.hold();
      return { body: segment(10, 80) };
    });
    special.set('41.8,12.239', () => ({ status: 503, headers: { 'retry-after': '0' }, body: 'Service Unavailable' }));
    special.set('40.484,-3.568', () => ({ body: { flowSegmentData: { currentSpeed: -1 } } }));
    const { data, errors } = await gw.gql(`{ slow: customer(id: "slow") { id ${TRAFFIC} context { errors { source code } } } down: customer(id: "down") { traffic { level } } bad: customer(id: "bad") { traffic { level } } }`);
    up.release();
    expect(data.slow.id).toBe('slow');
    expect([data.slow.traffic, data.down.traffic, data.bad.traffic]).toEqual([null, null, null]);
    const byPath = Object.fromEntries(errors!.map((e: any) => [e.path.join('.'), e.extensions]));
    expect(byPath).toEqual({
      'slow.traffic': expect.objectContaining({ code: 'SOURCE_TIMEOUT', source: 'traffic' }),
      'down.traffic': expect.objectContaining({ code: 'SOURCE_FAILED', source: 'traffic', status: 503 }),
      'bad.traffic': expect.objectContaining({ code: 'SOURCE_MALFORMED', source: 'traffic' }),
    });
    expect(data.slow.context.errors).toEqual([{ source: 'traffic', code: 'SOURCE_TIMEOUT' }]);
    expect(up.requests.filter((u) => u.searchParams.get('point') === '41.8,12.239')).toHaveLength(3);
  });

  it('reports a road closure', async () => {
    special.set('38.7,-9.4', () => ({ body: segment(0, 80, true) }));
    await gw.redis.del(...(await gw.redis.keys(`${gw.prefix}:*:rt:traffic:*`)));
    const { data } = await gw.gql(`{ customer(id: "driver") { traffic { level roadClosure } context { items { text } } } }`);
    expect(data.customer.traffic).toEqual({ level: 'CLOSED', roadClosure: true });
    expect(data.customer.context.items.map((i: any) => i.text)).toContain('Traffic near your last known location: road closed');
  });
});

describe('traffic example plugin without an API key', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, { plugins: [{ plugin: traffic, options: { baseUrl: 'http://127.0.0.1:9' } }] });
    await seed(gw);
  });
  afterAll(async () => gw.cleanup());

  it('is unhealthy, answers SOURCE_UNAVAILABLE for the field and stays out of the context', async () => {
    const { data, errors } = await gw.gql(`{ sources { name healthy } customer(id: "lisbon") { traffic { level } context { items { source } errors { source } } } }`);
    expect(data.sources).toContainEqual({ name: 'traffic', healthy: false });
    expect(data.customer.traffic).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ path: ['customer', 'traffic'], extensions: expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'traffic' }) })]);
    expect(data.customer.context.errors).toEqual([]);
    expect(data.customer.context.items.map((i: any) => i.source)).not.toContain('traffic');
  });
});
