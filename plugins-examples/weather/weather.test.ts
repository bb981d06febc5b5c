import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../../test/helpers/gateway.ts';
import { startUpstream, type Reply, type Upstream } from '../../test/helpers/upstream.ts';
import weather from './index.ts';

// Open-Meteo's answer for one place, as https://api.open-meteo.com/v1/forecast sends it.
const forecast = (latitude: number, longitude: number, temperature: number, code: number) => ({
  latitude, longitude, generationtime_ms: 0.03, utc_offset_seconds: 0, timezone: 'GMT', timezone_abbreviation: 'GMT', elevation: 12,
  current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', apparent_temperature: '°C', weather_code: 'wmo code', wind_speed_10m: 'km/h' },
  current: { time: '2025-06-01T12:00', interval: 900, temperature_2m: temperature, apparent_temperature: temperature + 1, weather_code: code, wind_speed_10m: 11.2 },
});

const WEATHER = `weather { temperature apparentTemperature weatherCode description windSpeed observedAt location { name latitude longitude basis } }`;

describe('weather example plugin (Open-Meteo wire format on a local server)', () => {
  let gw: TestGateway;
  let up: Upstream;
  /** Latitude -> what the fake Open-Meteo does for that place. */
  const special = new Map<number, () => Reply | Promise<Reply>>();

  beforeAll(async () => {
    up = await startUpstream((url) => {
      const lats = url.searchParams.get('latitude')!.split(',').map(Number);
      const lons = url.searchParams.get('longitude')!.split(',').map(Number);
      const only = special.get(lats[0]!);
      if (only) return only();
      const all = lats.map((lat, i) => forecast(lat, lons[i]!, lat === 38.72 ? 24.3 : 18, lat === 38.72 ? 0 : 2));
      return { body: all.length === 1 ? all[0] : all };
    });
    gw = await startTestGateway({ context: { deadline: '5s' } }, { plugins: [{ plugin: weather, options: { baseUrl: up.url, timeout: 1000 } }] });
    const now = Date.now();
    const profile = (id: string, attributes: object, ago = 60_000) => ({ id: `p-${id}-${ago}`, type: 'profile.updated', customerId: id, timestamp: iso(now - ago), payload: { attributes } });
    await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([
        profile('lisbon', { homeCity: 'Lisbon', tier: 'gold' }),
        profile('moved', { homeCity: 'Lisbon' }, 120_000),
        profile('moved', { lastLat: 52.5201, lastLon: 13.4049 }),
        profile('nowhere', { homeCity: 'Atlantis' }),
        profile('slow', { homeCity: 'Paris' }),
        profile('down', { homeCity: 'Rome' }),
        profile('limited', { homeCity: 'Madrid' }),
        profile('bad', { homeCity: 'Vienna' }),
      ]),
    });
  });
  afterAll(async () => {
    await gw.cleanup();
    await up.close();
  });

  it('answers Customer.weather for the home city, with the real Open-Meteo request', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "lisbon") { ${WEATHER} } }`);
    expect(errors).toBeUndefined();
    expect(data.customer.weather).toEqual({
      temperature: 24.3, apparentTemperature: 25.3, weatherCode: 0, description: 'clear sky', windSpeed: 11.2,
      observedAt: '2025-06-01T12:00:00.000Z', location: { name: 'Lisbon', latitude: 38.72, longitude: -9.14, basis: 'HOME_CITY' },
    });
    const req = up.requests.at(-1)!;
    expect(req.pathname).toBe('/v1/forecast');
    expect(Object.fromEntries(req.searchParams)).toEqual({
      latitude: '38.72', longitude: '-9.14', current: 'temperature_2m,apparent_temperature,weather_code,wind_speed_10m', wind_speed_unit: 'kmh', timezone: 'GMT',
    });
  });

  it('uses a newer last known position; batches places into one call and caches them in Redis', async () => {
    const before = up.requests.length;
    const q = `{ customers(ids: ["moved", "lisbon", "moved", "nowhere"]) { id weather { description location { name latitude basis } } } }`;
    const { data, errors } = await gw.gql(q);
    expect(errors).toBeUndefined();
    expect(data.customers.map((c: any) => c.weather?.location)).toEqual([
      { name: null, latitude: 52.52, basis: 'LAST_KNOWN_LOCATION' }, { name: 'Lisbon', latitude: 38.72, basis: 'HOME_CITY' },
      { name: null, latitude: 52.52, basis: 'LAST_KNOWN_LOCATION' }, undefined,
    ]);
    expect(data.customers[3].weather).toBeNull();
    // Lisbon came from the cache; Berlin's position took one call.
    expect(up.requests.length - before).toBe(1);
    expect((await gw.gql(q)).data).toEqual(data);
    expect(up.requests.length - before).toBe(1);
  });

  it('puts the weather into Customer.context as a REALTIME item', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "lisbon") { context(question: "is it warm at home?") { items { kind source text } prompt errors { source code } } } }`);
    expect(errors).toBeUndefined();
    const c = data.customer.context;
    expect(c.items).toContainEqual({ kind: 'REALTIME', source: 'weather', text: 'Lisbon: 24 °C, clear sky, wind 11 km/h' });
    expect(c.errors).toEqual([]);
    const past = await gw.gql(`{ customer(id: "lisbon") { context(asOf: "${iso(Date.now() - 3_600_000)}") { items { kind } errors { source code } } } }`);
    expect(past.data.customer.context.errors).toEqual([{ source: 'weather', code: 'SKIPPED_PAST_AS_OF' }]);
  });

  it('a hung API: the field is null with SOURCE_TIMEOUT, the rest of the query answers, Context.errors lists it', async () => {
    special.set(48.85, async () => {
      await up.hold();
      return { body: forecast(48.85, 2.35, 20, 1) };
    });
    const { data, errors } = await gw.gql(`{ customer(id: "slow") { id profile ${WEATHER} context { items { kind } errors { source code message } } } }`);
    up.release();
    expect(data.customer.id).toBe('slow');
    expect(data.customer.profile).toEqual({ homeCity: 'Paris' });
    expect(data.customer.weather).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['customer', 'weather'], extensions: { code: 'SOURCE_TIMEOUT', source: 'weather' } });
    expect(data.customer.context.errors).toEqual([{ source: 'weather', code: 'SOURCE_TIMEOUT', message: expect.stringMatching(/no answer within 1000 ms/) }]);
    expect(data.customer.context.items.length).toBeGreaterThan(0);
  });

  it('a failing API (500, then 429 with Retry-After) answers SOURCE_FAILED after its retries; a retry can succeed', async () => {
    let calls = 0;
    special.set(41.89, () => ({ status: 500, body: { error: true, reason: 'Internal error' } }));
    const down = await gw.gql(`{ customer(id: "down") { id weather { temperature } } }`);
    expect(down.data.customer).toEqual({ id: 'down', weather: null });
    expect(down.errors![0].extensions).toMatchObject({ code: 'SOURCE_FAILED', source: 'weather', status: 500 });
    expect(up.requests.filter((u) => u.searchParams.get('latitude') === '41.89')).toHaveLength(3);

    special.set(40.42, () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: true, reason: 'Too many requests' } } : { body: forecast(40.42, -3.7, 31, 1) }));
    const limited = await gw.gql(`{ customer(id: "limited") { weather { temperature description } } }`);
    expect(limited.errors).toBeUndefined();
    expect(limited.data.customer.weather).toEqual({ temperature: 31, description: 'mainly clear' });
    expect(calls).toBe(2);
  });

  it('a malformed answer is SOURCE_MALFORMED', async () => {
    special.set(48.21, () => ({ body: { latitude: 48.21, longitude: 16.37, current: { time: '2025-06-01T12:00', temperature_2m: 'warm' } } }));
    const { data, errors } = await gw.gql(`{ customer(id: "bad") { weather { temperature } } }`);
    expect(data.customer.weather).toBeNull();
    expect(errors![0]).toMatchObject({ extensions: { code: 'SOURCE_MALFORMED', source: 'weather' }, message: expect.stringMatching(/Open-Meteo answered JSON of an unexpected shape/) });
    special.set(48.21, () => ({ body: '<html>maintenance</html>' }));
    const html = await gw.gql(`{ customer(id: "bad") { weather { temperature } } }`);
    expect(html.errors![0].message).toMatch(/not JSON/);
  });
});
