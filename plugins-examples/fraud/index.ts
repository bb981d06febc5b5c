// Fraud example: card transactions, 24 h spend, and the `fraud.impossible_travel` alert when two
// consecutive transactions (by event time) of a customer would need an impossible speed.
import { z } from 'zod';
import type { StoredEvent } from '../../src/events/types.ts';
import { definePlugin, type DerivedEvent, type TypedEvent } from '../../src/plugins/types.ts';
import { distanceKm, speedKmh } from './geo.ts';

export const cardTransaction = z.object({
  amount: z.number().finite(),
  currency: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  merchant: z.string().min(1),
});
type Tx = z.infer<typeof cardTransaction>;

export const fraudOptions = z.strictObject({
  /** Faster than this between two consecutive transactions raises the alert. @default 900 (km/h, an airliner) */
  maxSpeedKmh: z.number().positive().default(900),
  /** Pairs closer than this never alert (GPS noise, one city). @default 0 */
  minDistanceKm: z.number().min(0).default(0),
  /** Transactions read around the new one to find its neighbours. @default 100 */
  lookback: z.number().int().min(2).max(1000).default(100),
});
export type FraudOptions = z.output<typeof fraudOptions>;

export const ALERT = 'fraud.impossible_travel';
const DEMO_PLACES = [{ lat: 52.52, lon: 13.405 }, { lat: 41.3874, lon: 2.1686 }, { lat: 45.4642, lon: 9.19 }, { lat: 53.3498, lon: -6.2603 }];
const TX = 'card.transaction';

interface Leg { id: string; timestamp: string; ms: number; tx: Tx }

const legOf = (e: StoredEvent | TypedEvent<Tx>): Leg => {
  const ms = typeof e.timestamp === 'number' ? e.timestamp : Date.parse(e.timestamp);
  return { id: e.id, ms, timestamp: new Date(ms).toISOString(), tx: e.payload as Tx };
};
/** Event time, then id: the order Redis keeps equal times in is not needed, only a stable one. */
const byTime = (a: Leg, b: Leg): number => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const brief = (l: Leg) => ({ id: l.id, timestamp: l.timestamp, lat: l.tx.lat, lon: l.tx.lon, merchant: l.tx.merchant, amount: l.tx.amount, currency: l.tx.currency });

/** The alert for one pair, or nothing; keyed by the pair so either transaction derives the same alert. */
function check(from: Leg, to: Leg, o: FraudOptions): DerivedEvent | undefined {
  const km = distanceKm(from.tx, to.tx);
  const speed = speedKmh(km, to.ms - from.ms);
  if (km < o.minDistanceKm || speed <= o.maxSpeedKmh) return undefined;
  return {
    type: ALERT,
    alert: true,
    key: `${from.id}|${to.id}`,
    timestamp: to.ms,
    payload: {
      from: brief(from),
      to: brief(to),
      distanceKm: Math.round(km * 10) / 10,
      seconds: (to.ms - from.ms) / 1000,
      speedKmh: Number.isFinite(speed) ? Math.round(speed) : null,
      maxSpeedKmh: o.maxSpeedKmh,
    },
  };
}

export const fraud = definePlugin<FraudOptions>({
  name: 'fraud',
  kind: 'payments',
  description: 'Card transactions: 24 h spend and impossible-travel alerts.',
  options: fraudOptions as z.ZodType<FraudOptions>,
  eventTypes: {
    [TX]: {
      payload: cardTransaction,
      description: 'A card payment: {amount, currency, lat, lon, merchant}.',
      // Reads the neighbours by event time on both sides, so a transaction that arrives late
      // still pairs with the one after it; the pair key keeps that one alert single.
      derive: async (event, ctx) => {
        const me = legOf(event);
        const recent = (await ctx.recentEvents({ types: [TX], limit: ctx.options.lookback })).map(legOf);
        if (!recent.some((l) => l.id === me.id)) recent.push(...(await ctx.recentEvents({ types: [TX], limit: 2, asOf: me.ms })).map(legOf));
        const legs = [...new Map(recent.map((l) => [l.id, l])).values()].sort(byTime);
        const i = legs.findIndex((l) => l.id === me.id);
        const prev = i > 0 ? legs[i - 1] : undefined;
        const next = i >= 0 ? legs[i + 1] : undefined;
        return [prev && check(prev, me, ctx.options), next && check(me, next, ctx.options)].filter((d): d is DerivedEvent => d !== undefined);
      },
    },
    [ALERT]: { description: 'Derived: two consecutive transactions would need a speed above maxSpeedKmh.' },
  },
  // Three everyday payments per customer, 12 h or more ago; the first customer then pays in London
  // and in Paris 40 s later, so the demo holds exactly one fraud.impossible_travel alert.
  *demo(ctx) {
    const r = ctx.random;
    for (const c of ctx.customers) {
      const home = r.pick(DEMO_PLACES);
      for (let i = 0; i < 3; i++) {
        const payload = { amount: r.int(3, 180), currency: 'EUR', ...home, merchant: r.pick(['grocer', 'cafe', 'pharmacy', 'bookshop']) };
        yield { id: ctx.id(c.id, 'tx', i), type: TX, customerId: c.id, timestamp: ctx.now - (12 + i * 7 + r.int(1, 6)) * 3_600_000, payload };
      }
    }
    const first = ctx.customers[0];
    if (!first) return;
    const at = ctx.now - 30 * 60_000;
    yield { id: ctx.id(first.id, 'tx-lon'), type: TX, customerId: first.id, timestamp: at, payload: { amount: 42, currency: 'GBP', lat: 51.5074, lon: -0.1278, merchant: 'London Books' } };
    yield { id: ctx.id(first.id, 'tx-par'), type: TX, customerId: first.id, timestamp: at + 40_000, payload: { amount: 640, currency: 'EUR', lat: 48.8566, lon: 2.3522, merchant: 'Paris Electronics' } };
  },
  aggregations: [{ name: 'card_spend_24h', eventTypes: [TX], function: 'sum', field: 'amount', windows: ['24h'] }],
});

export default fraud;
