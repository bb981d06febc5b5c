// Weather example: current conditions from the Open-Meteo forecast API at the customer's home city
// or last known position, as a typed `Customer.weather` field and a REALTIME context item.
import { z } from 'zod';
import type { Candidate } from '../../src/context/types.ts';
import type { Loaders } from '../../src/loaders/index.ts';
import { definePlugin, type PluginRequestContext } from '../../src/plugins/types.ts';
import { defineFetcher } from '../../src/realtime/index.ts';
import { locate, type Located } from './cities.ts';
import { fetchForecasts, type Conditions, type Point } from './open-meteo.ts';

const duration = z.union([z.number().int().positive(), z.string().regex(/^\d+(ms|s|m|h)$/)]);

export const weatherOptions = z.object({
  /** @default "https://api.open-meteo.com" */
  baseUrl: z.url().default('https://api.open-meteo.com'),
  /** Per call. @default "2s" */
  timeout: duration.default('2s'),
  /** Open-Meteo updates current values every 15 minutes. @default "10m" */
  cacheTtl: duration.default('10m'),
  /** Cities besides the built-in table (lower-case name -> coordinates). @default {} */
  cities: z.record(z.string(), z.object({ latitude: z.number(), longitude: z.number() })).default({}),
});
export type WeatherOptions = z.infer<typeof weatherOptions>;

/** Point -> current conditions; one Open-Meteo call per batch of points. */
export const current = defineFetcher<Point, Conditions, WeatherOptions>({
  fetch: async (point, ctx) => (await fetchForecasts(ctx.options.baseUrl, [point], ctx))[0] as Conditions,
  fetchMany: (points, ctx) => fetchForecasts(ctx.options.baseUrl, points, ctx),
  cacheKey: (p) => `${p.latitude},${p.longitude}`,
  settings: (o) => ({ timeout: o.timeout, cacheTtl: o.cacheTtl }),
  concurrency: 4,
  breaker: { failures: 5, cooldown: '30s' },
});

const typeDefs = /* GraphQL */ `
  "Current weather where the customer is, from Open-Meteo."
  type Weather {
    "Air temperature at 2 m, °C."
    temperature: Float!
    "Feels-like temperature, °C."
    apparentTemperature: Float
    "WMO weather code (0 clear sky ... 99 thunderstorm with heavy hail)."
    weatherCode: Int!
    "The WMO code in words, e.g. 'partly cloudy'."
    description: String!
    "Wind speed at 10 m, km/h."
    windSpeed: Float!
    "Time of the model's current values."
    observedAt: DateTime!
    location: WeatherLocation!
  }
  type WeatherLocation {
    "The home city's name; null for a last known position."
    name: String
    latitude: Float!
    longitude: Float!
    basis: LocationBasis!
  }
  enum LocationBasis { HOME_CITY LAST_KNOWN_LOCATION }
  extend type Customer {
    "Null when no location is known, or (with an error SOURCE_*) when Open-Meteo fails."
    weather: Weather
  }
`;

async function weatherOf(loaders: Loaders, customerId: string, o: WeatherOptions) {
  const where = locate(await loaders.attributes.load(customerId), o.cities);
  if (!where) return null;
  const got = await loaders.realtime.load(current, { latitude: where.latitude, longitude: where.longitude });
  return { ...got.value, location: where };
}

const place = (l: Located): string => l.name ?? `Near the last known location (${l.latitude}, ${l.longitude})`;

export function describeWeather(w: Conditions & { location: Located }): string {
  return `${place(w.location)}: ${Math.round(w.temperature)} °C, ${w.description}, wind ${Math.round(w.windSpeed)} km/h`;
}

export const weather = definePlugin<WeatherOptions>({
  name: 'weather',
  kind: 'realtime',
  description: 'Current weather at the customer’s home city or last known location (Open-Meteo).',
  options: weatherOptions,
  fetchers: { current },
  typeDefs,
  resolvers: {
    Customer: {
      weather: async (c: { id: string }, _: unknown, ctx: PluginRequestContext<WeatherOptions>) => {
        const w = await weatherOf(ctx.loaders, c.id, ctx.plugin.options);
        return w && { ...w, observedAt: new Date(w.observedAt) };
      },
    },
  },
  context: {
    realtime: true,
    async items(req): Promise<Candidate[]> {
      const w = await weatherOf(req.loaders, req.customerId, req.plugin.options);
      if (!w) return [];
      return [{ id: 'REALTIME:weather', kind: 'REALTIME', source: 'weather', text: describeWeather(w), observedAt: Math.min(w.observedAt, req.now), factKey: 'weather:current' }];
    },
  },
});

export default weather;
