// Traffic example: road speed near the customer (their last known position, or their home city's
// airport) from the TomTom Traffic Flow API, as `Customer.traffic` and a REALTIME context item.
// Without an API key the plugin reports unhealthy and stays out of the context.
import { z } from 'zod';
import type { Candidate } from '../../src/context/types.ts';
import type { Loaders } from '../../src/loaders/index.ts';
import { definePlugin, type PluginRequestContext } from '../../src/plugins/types.ts';
import { SourceUnavailableError, defineFetcher } from '../../src/realtime/index.ts';
import { placeOf, type Place } from './places.ts';
import { fetchFlow, type Flow, type Point } from './tomtom.ts';

const duration = z.union([z.number().int().positive(), z.string().regex(/^\d+(ms|s|m|h)$/)]);

export const trafficOptions = z.object({
  /** @default "https://api.tomtom.com" */
  baseUrl: z.url().default('https://api.tomtom.com'),
  /** TomTom API key; without one the plugin is unhealthy and answers SOURCE_UNAVAILABLE. */
  apiKey: z.string().min(1).optional(),
  /** Per call. @default "2s" */
  timeout: duration.default('2s'),
  /** TomTom refreshes flow data about every minute. @default "2m" */
  cacheTtl: duration.default('2m'),
});
export type TrafficOptions = z.infer<typeof trafficOptions>;

export const flow = defineFetcher<Point, Flow, TrafficOptions>({
  fetch: (point, ctx) => {
    const key = ctx.options.apiKey;
    if (!key) return Promise.reject(new SourceUnavailableError('no TomTom API key configured (plugin option apiKey)'));
    return fetchFlow(ctx.options.baseUrl, key, point, ctx);
  },
  cacheKey: (p) => `${p.latitude},${p.longitude}`,
  settings: (o) => ({ timeout: o.timeout, cacheTtl: o.cacheTtl }),
  concurrency: 4,
  breaker: { failures: 5, cooldown: '30s' },
});

const typeDefs = /* GraphQL */ `
  "Road traffic near the customer, from TomTom Traffic Flow."
  type Traffic {
    "Where: an airport's access road, or 'your last known location'."
    place: String!
    level: CongestionLevel!
    "km/h on the nearest road segment now, and with no traffic."
    currentSpeed: Float!
    freeFlowSpeed: Float!
    "Seconds to drive the segment now, and with no traffic."
    currentTravelTime: Int!
    freeFlowTravelTime: Int!
    "0..1: how much of the estimate rests on live measurements."
    confidence: Float!
    roadClosure: Boolean!
    fetchedAt: DateTime!
  }
  enum CongestionLevel { FREE_FLOW MODERATE HEAVY SEVERE CLOSED }
  extend type Customer {
    "Null when no place is known, or (with an error SOURCE_*) when TomTom fails or no API key is set."
    traffic: Traffic
  }
`;

async function trafficOf(loaders: Loaders, customerId: string) {
  const place = placeOf(await loaders.attributes.load(customerId));
  if (!place) return null;
  const got = await loaders.realtime.load(flow, { latitude: place.latitude, longitude: place.longitude });
  return { ...got.value, place: place.name, fetchedAt: got.fetchedAt };
}

export function describeTraffic(t: Flow & { place: Place['name'] }): string {
  if (t.roadClosure) return `Traffic near ${t.place}: road closed`;
  return `Traffic near ${t.place}: ${t.level.toLowerCase().replace('_', '-')}, ${Math.round(t.currentSpeed)} km/h vs ${Math.round(t.freeFlowSpeed)} free-flow`;
}

export const traffic = definePlugin<TrafficOptions>({
  name: 'traffic',
  kind: 'realtime',
  description: 'Road traffic near the customer or their home airport (TomTom Traffic Flow).',
  options: trafficOptions,
  fetchers: { flow },
  typeDefs,
  resolvers: {
    Customer: {
      traffic: async (c: { id: string }, _: unknown, ctx: PluginRequestContext<TrafficOptions>) => {
        const t = await trafficOf(ctx.loaders, c.id);
        return t && { ...t, fetchedAt: new Date(t.fetchedAt) };
      },
    },
  },
  context: {
    realtime: true,
    async items(req): Promise<Candidate[]> {
      if (!req.plugin.options.apiKey) return [];
      const t = await trafficOf(req.loaders, req.customerId);
      if (!t) return [];
      return [{ id: 'REALTIME:traffic', kind: 'REALTIME', source: 'traffic', text: describeTraffic(t), observedAt: Math.min(t.fetchedAt, req.now), factKey: 'traffic:current' }];
    },
  },
  setup: ({ options, log }) => {
    if (!options.apiKey) log.warn('traffic: no TomTom API key (option apiKey); Customer.traffic answers SOURCE_UNAVAILABLE and the context skips traffic');
  },
  health: (p) => Boolean(p.options.apiKey),
});

export default traffic;
