// Providers for the levels the core stores: attributes, aggregates, recent events and memory.
// They read through the request's loaders, so one context costs a few batched round trips.
import type { Loaders } from '../../loaders/index.ts';
import type { PluginRegistry } from '../../plugins/registry.ts';
import type { Services } from '../../server/services.ts';
import { describeAggregateDefault, describeEventDefault, valueText } from '../describe.ts';
import type { Candidate, Provider, ProviderRequest } from '../types.ts';

/** How many recent events a context looks at. */
const RECENT_EVENTS = 30;

export function attributesProvider(loaders: Loaders, services: Services): Provider {
  return {
    name: 'attributes',
    async gather(req: ProviderRequest): Promise<Candidate[]> {
      const records = req.past ? await loaders.attributesAsOf.load({ customerId: req.customerId, asOf: req.asOf }) : await loaders.attributes.load(req.customerId);
      return services.freshness.present(records, req.asOf).map((a) => ({
        id: `ATTRIBUTE:${a.name}`,
        kind: 'ATTRIBUTE',
        source: a.source,
        text: `${a.name}: ${valueText(a.value)}${a.status === 'STALE' ? ' (may be outdated)' : ''}`,
        observedAt: a.observedAt.getTime(),
        factKey: `attr:${a.name}`,
        ...(a.status === 'STALE' ? { trust: 0.5 } : {}),
      }));
    },
  };
}

export function aggregatesProvider(loaders: Loaders, services: Services): Provider {
  return {
    name: 'aggregates',
    async gather(req: ProviderRequest): Promise<Candidate[]> {
      const values = await loaders.aggregates.load({ customerId: req.customerId, names: null, asOf: req.past ? req.asOf : null });
      const out: Candidate[] = [];
      for (const a of values) {
        if (a.status === 'MISSING') continue;
        const source = services.aggregates.sourceOf.get(a.name) ?? 'aggregates';
        const describer = services.registry.byName(source)?.def.describeAggregate;
        const text = describer ? describer(a) : describeAggregateDefault(a);
        if (!text) continue;
        out.push({ id: `AGGREGATE:${a.name}:${a.window}`, kind: 'AGGREGATE', source, text, observedAt: a.asOf.getTime(), factKey: `agg:${a.name}:${a.window}`, ...(a.status === 'STALE' ? { trust: 0.5 } : {}) });
      }
      return out;
    },
  };
}

export function eventsProvider(loaders: Loaders, registry: PluginRegistry): Provider {
  return {
    name: 'events',
    async gather(req: ProviderRequest): Promise<Candidate[]> {
      const events = await loaders.events.load({ customerId: req.customerId, types: null, limit: RECENT_EVENTS, asOf: req.asOf });
      const out: Candidate[] = [];
      for (const e of events) {
        const def = registry.get(e.type)?.def;
        const text = def?.describe ? def.describe(e) : describeEventDefault(e);
        if (!text) continue;
        const fact = def?.fact?.(e);
        out.push({ id: `EVENT:${e.id}`, kind: 'EVENT', source: e.source, text, observedAt: Date.parse(e.timestamp), ...(fact ? { factKey: fact } : {}) });
      }
      return out;
    },
  };
}

export function memoryProvider(loaders: Loaders, services: Services): Provider {
  return {
    name: 'memory',
    async gather(req: ProviderRequest): Promise<Candidate[]> {
      const items = await loaders.memory.load({ customerId: req.customerId, limit: services.memory.cap });
      return items.map((m) => ({
        id: `MEMORY:${m.id}`,
        kind: 'MEMORY',
        source: 'memory',
        text: m.role === 'user' || m.role === null ? `"${m.text}"` : `${m.role}: "${m.text}"`,
        observedAt: m.createdAt,
      }));
    },
  };
}
