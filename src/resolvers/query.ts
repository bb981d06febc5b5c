// Root queries: customers by id (null when unknown) and the list of sources.
import { pluginHealthy } from '../plugins/lifecycle.ts';
import type { RequestContext } from '../server/services.ts';
import type { CustomerParent } from './customer.ts';
import { intInRange, requireScope } from './guards.ts';

async function customerOrNull(id: string, ctx: RequestContext): Promise<CustomerParent | null> {
  return (await ctx.loaders.exists.load(id)) ? { id } : null;
}

export const queryResolvers = {
  Query: {
    customer: (_: unknown, args: { id: string }, ctx: RequestContext) => {
      requireScope(ctx, 'read');
      return customerOrNull(args.id, ctx);
    },
    customers: (_: unknown, args: { ids: string[] }, ctx: RequestContext) => {
      requireScope(ctx, 'read');
      intInRange('ids length', args.ids.length, 0, 1000);
      return args.ids.map((id) => customerOrNull(id, ctx));
    },
    sources: async (_: unknown, __: unknown, ctx: RequestContext) => {
      requireScope(ctx, 'read');
      const [stats, healthy] = await Promise.all([ctx.services.stats.read(ctx.tenant), Promise.all(ctx.services.registry.plugins.map(pluginHealthy))]);
      return ctx.services.registry.plugins.map((p, i) => ({
        name: p.def.name,
        kind: p.def.kind ?? 'events',
        healthy: healthy[i] ?? false,
        lastEventAt: stats.get(p.def.name)?.lastEventAt ?? null,
        eventsApplied: stats.get(p.def.name)?.applied ?? 0,
        eventsRefused: stats.get(p.def.name)?.refused ?? 0,
      }));
    },
  },
};
