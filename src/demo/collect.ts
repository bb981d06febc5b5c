// Asks every loaded plugin with a `demo` hook for its events, over one shared cast of customers.
import type { EventInput } from '../plugins/types.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { PluginError } from '../errors.ts';
import { demoCustomers } from './people.ts';
import { hashSeed, seededRandom } from './random.ts';
import type { DemoContext } from './types.ts';

export interface DemoOptions {
  /** @default 42 */
  seed?: number;
  /** @default 50 */
  customers?: number;
  /** @default 30 */
  days?: number;
  /** @default Date.now() */
  now?: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface DemoEvents {
  events: EventInput[];
  /** Events per plugin, for the summary. */
  bySource: Map<string, number>;
}

const toMs = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));

export async function collectDemoEvents(registry: PluginRegistry, o: DemoOptions = {}): Promise<DemoEvents> {
  const seed = o.seed ?? 42;
  const now = o.now ?? Date.now();
  const days = o.days ?? 30;
  const customers = demoCustomers(o.customers ?? 50, seed);
  const events: EventInput[] = [];
  const bySource = new Map<string, number>();
  for (const p of registry.plugins) {
    if (!p.def.demo) continue;
    const random = seededRandom(hashSeed(p.name, seed));
    const ctx: DemoContext = {
      options: p.options,
      customers,
      now,
      days,
      random,
      time: () => now - MINUTE - Math.floor(random.next() * (days * DAY - MINUTE)),
      id: (...parts) => ['demo', p.name, ...parts].join('-'),
    };
    try {
      const produced = [...(await p.def.demo(ctx))];
      events.push(...produced);
      bySource.set(p.name, produced.length);
    } catch (err) {
      throw new PluginError(p.name, `demo failed: ${(err as Error).message}`);
    }
  }
  // Oldest first, as a real feed would arrive; ties keep each plugin's order.
  events.sort((a, b) => toMs(a.timestamp) - toMs(b.timestamp));
  return { events, bySource };
}
