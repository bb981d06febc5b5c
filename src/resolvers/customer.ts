// Customer fields. Thin: every read goes through the request's loaders.
import type { StoredEvent } from '../events/types.ts';
import type { RequestContext } from '../server/services.ts';
import { asOfMs, intInRange } from './guards.ts';

export interface CustomerParent {
  id: string;
}

interface EventsArgs {
  types?: string[] | null;
  limit: number;
  asOf?: Date | null;
}

export const customerResolvers = {
  Customer: {
    id: (c: CustomerParent) => c.id,
    profile: async (c: CustomerParent, _: unknown, ctx: RequestContext) => {
      const records = await ctx.loaders.attributes.load(c.id);
      return Object.fromEntries(records.map((r) => [r.name, r.value]));
    },
    attributes: async (c: CustomerParent, args: { asOf?: Date | null }, ctx: RequestContext) => {
      const asOf = asOfMs(ctx, args.asOf);
      const records = asOf === null ? await ctx.loaders.attributes.load(c.id) : await ctx.loaders.attributesAsOf.load({ customerId: c.id, asOf });
      return ctx.services.freshness.present(records, asOf ?? ctx.now);
    },
    memory: async (c: CustomerParent, args: { limit: number }, ctx: RequestContext) => {
      const items = await ctx.loaders.memory.load({ customerId: c.id, limit: Math.min(intInRange('limit', args.limit, 1, 10_000), ctx.services.memory.cap) });
      return items.map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
    },
    aggregates: (c: CustomerParent, args: { names?: string[] | null; asOf?: Date | null }, ctx: RequestContext) =>
      ctx.loaders.aggregates.load({
        customerId: c.id,
        names: args.names ? [...args.names].sort() : null,
        asOf: asOfMs(ctx, args.asOf),
      }),
    events: (c: CustomerParent, args: EventsArgs, ctx: RequestContext): Promise<StoredEvent[]> =>
      ctx.loaders.events.load({
        customerId: c.id,
        types: args.types?.length ? [...args.types].sort() : null,
        limit: intInRange('limit', args.limit, 1, 1000),
        asOf: asOfMs(ctx, args.asOf),
      }),
  },
};
