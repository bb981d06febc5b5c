// The heart of the product: a good answer needs facts from several levels at once — a rebooking
// two minutes ago, a complaint on social media an hour ago, the home city's weather, a preference
// the customer stated, and the refund policy from the knowledge base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import airline from '../../plugins-examples/airline/index.ts';
import support from '../../plugins-examples/support/index.ts';
import weather from '../../plugins-examples/weather/index.ts';
import { countTokens } from '../../src/context/tokens.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { startUpstream, type Upstream } from '../helpers/upstream.ts';

const MIN = 60_000;
const now = Date.now();
const openMeteo = (latitude: number, longitude: number) => ({
  latitude, longitude, generationtime_ms: 0.03, utc_offset_seconds: 0, timezone: 'GMT', timezone_abbreviation: 'GMT', elevation: 12,
  current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', apparent_temperature: '°C', weather_code: 'wmo code', wind_speed_10m: 'km/h' },
  current: { time: '2026-11-22T09:00', interval: 900, temperature_2m: 24, apparent_temperature: 25, weather_code: 0, wind_speed_10m: 11.2 },
});

describe('context for an airline customer, from every level', () => {
  let gw: TestGateway;
  let up: Upstream;
  let hang = false;
  const ev = (id: string, type: string, ago: number, payload: object) => ({ id, type, customerId: 'traveller', timestamp: iso(now - ago), payload });
  const context = (args: string) =>
    gw.gql(`{ customer(id: "traveller") { context(${args}) { tokens maxTokens omitted prompt asOf items { kind source text observedAt } errors { source code message } } } }`);

  beforeAll(async () => {
    up = await startUpstream(async (url) => {
      if (hang) await up.hold();
      return { body: openMeteo(Number(url.searchParams.get('latitude')), Number(url.searchParams.get('longitude'))) };
    });
    gw = await startTestGateway({ context: { deadline: '1s' } }, {
      plugins: [{ plugin: airline }, { plugin: support }, { plugin: weather, options: { baseUrl: up.url, timeout: '5s', retries: 0 } }],
    });
    const departure = new Date(now + 3 * 86_400_000).toISOString();
    const res = await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([
        ev('p1', 'profile.updated', 20 * 86_400_000, { attributes: { tier: 'silver', homeCity: 'Lisbon', name: 'Ana Costa' } }),
        ev('p2', 'profile.updated', 2 * 86_400_000, { attributes: { tier: 'gold' } }),
        ev('b1', 'airline.booking.created', 10 * 86_400_000, { bookingRef: 'K7Q2ZD', flightNumber: 'MR1042', origin: 'LIS', destination: 'NRT', departure, cabin: 'economy', fare: { amount: 980, currency: 'EUR' } }),
        ev('c1', 'airline.flight.changed', 3 * 60 * MIN, { bookingRef: 'K7Q2ZD', reason: 'schedule', newFlightNumber: 'MR1044', newDeparture: departure }),
        ev('s1', 'airline.contact', 60 * MIN, { channel: 'social', direction: 'inbound', topic: 'complaint', sentiment: 'negative', summary: 'Second schedule change this week, this is unacceptable', bookingRef: 'K7Q2ZD' }),
        ev('c2', 'airline.flight.changed', 2 * MIN, { bookingRef: 'K7Q2ZD', reason: 'customer_request', newFlightNumber: 'MR1046', newDeparture: departure }),
      ]),
    });
    expect(await res.json()).toMatchObject({ accepted: 6, rejected: [] });
    await gw.gql(`mutation { remember(customerId: "traveller", text: "wants somewhere warmer this summer", role: "user") { id } }`);
    // The support plugin publishes its policies through the queue at start; wait until searchable.
    for (let i = 0; i < 100; i++) {
      const { data } = await gw.gql(`{ knowledge(query: "refund", k: 1) { id } }`);
      if (data?.knowledge?.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    up.release();
    await gw.cleanup();
    await up.close();
  });

  it('has every level within the budget, and nothing superseded', async () => {
    const { data, errors } = await context(`question: "Can I get a refund for my rebooked flight, and what is the weather at home?", maxTokens: 1000`);
    expect(errors).toBeUndefined();
    const c = data.customer.context;
    const texts = c.items.map((i: any) => `${i.kind} ${i.text}`).join('\n');
    expect(texts).toMatch(/EVENT Booking K7Q2ZD rebooked to MR1046/);
    expect(texts).toMatch(/EVENT Customer wrote on social about complaint \(negative\)/);
    expect(texts).toMatch(/REALTIME Lisbon: 24 °C/);
    expect(texts).toMatch(/MEMORY .*warmer this summer/);
    expect(texts).toMatch(/DOCUMENT .*[Rr]efund/);
    expect(texts).toMatch(/ATTRIBUTE tier: gold/);
    expect(texts).not.toMatch(/MR1044|silver/);
    expect(c.tokens).toBeLessThanOrEqual(1000);
    expect(c.tokens).toBe(countTokens(c.prompt));
    expect(c.errors).toEqual([]);
  });

  it('as of 30 minutes ago: nothing from later, realtime skipped and listed', async () => {
    const asOf = iso(now - 30 * MIN);
    const c = (await context(`question: "refund for my rebooked flight?", asOf: "${asOf}"`)).data.customer.context;
    for (const item of c.items) if (item.observedAt) expect(Date.parse(item.observedAt)).toBeLessThanOrEqual(Date.parse(asOf));
    const texts = c.items.map((i: any) => i.text).join('\n');
    expect(texts).toMatch(/rebooked to MR1044/);
    expect(texts).not.toMatch(/MR1046|warmer|24 °C/);
    expect(c.errors).toContainEqual({ source: 'weather', code: 'SKIPPED_PAST_AS_OF', message: expect.any(String) });
  });

  it('a hung weather API: the context still answers at the deadline, with the error listed', async () => {
    hang = true;
    try {
      await gw.redis.eval(`for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end`, 0, `${gw.prefix}:*:rt:*`);
      const c = (await context(`question: "refund?", maxTokens: 600`)).data.customer.context;
      expect(c.errors).toContainEqual({ source: 'weather', code: 'DEADLINE_EXCEEDED', message: expect.any(String) });
      expect(c.items.length).toBeGreaterThan(0);
      expect(c.tokens).toBeLessThanOrEqual(600);
    } finally {
      hang = false;
      up.release();
    }
  });
});
