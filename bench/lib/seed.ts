// Seeds the benchmark's data set through the real ingestion path (POST /v1/events?wait=true).
import type { Gateway } from '../../src/server/gateway.ts';
import { customerId } from './common.ts';

export interface SeedOptions {
  customers: number;
  attributes: number;
  events: number;
  /** Customers per POST. */
  perRequest: number;
}

const TYPES = ['page.viewed', 'card.spent', 'search.made', 'ticket.opened', 'app.opened'];
const DAY = 86_400_000;

function eventsOf(i: number, o: SeedOptions, now: number): unknown[] {
  const id = customerId(i);
  const attrs = Object.fromEntries(Array.from({ length: o.attributes }, (_, a) => [`attr${a}`, a % 3 === 0 ? i * a : `value-${i}-${a}`]));
  const out: unknown[] = [
    { id: `${id}-p`, type: 'profile.updated', customerId: id, timestamp: new Date(now - 2 * DAY).toISOString(), payload: { attributes: attrs } },
  ];
  for (let e = 1; e < o.events; e++) {
    const timestamp = new Date(now - DAY + e * 60_000 + i).toISOString();
    out.push({ id: `${id}-e${e}`, type: TYPES[e % TYPES.length], customerId: id, timestamp, payload: { n: e, url: `/p/${e}` } });
  }
  return out;
}

export async function seed(gw: Gateway, o: SeedOptions, progress: (line: string) => void): Promise<void> {
  const now = Date.now();
  const started = performance.now();
  for (let first = 0; first < o.customers; first += o.perRequest) {
    const batch: unknown[] = [];
    for (let i = first; i < Math.min(o.customers, first + o.perRequest); i++) batch.push(...eventsOf(i, o, now));
    const res = await gw.fetch('http://bench/v1/events?wait=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    const body = (await res.json()) as { accepted: number; rejected: unknown[] };
    if (res.status !== 200 || body.rejected.length) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    const done = Math.min(o.customers, first + o.perRequest);
    const secs = (performance.now() - started) / 1000;
    progress(`seeded ${done}/${o.customers} customers (${done * o.events} events, ${Math.round((done * o.events) / secs)} events/s)`);
  }
}
