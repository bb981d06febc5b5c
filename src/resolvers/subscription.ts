// Subscriptions: a customer's applied events, and alerts (derived events a plugin marks as alerts).
import type { StoredEvent } from '../events/types.ts';
import type { RequestContext } from '../server/services.ts';
import { requireScope } from './guards.ts';

const wrap = async function* (key: string, source: AsyncGenerator<StoredEvent>) {
  for await (const e of source) yield { [key]: e };
};

export const subscriptionResolvers = {
  Subscription: {
    events: {
      subscribe: (_: unknown, args: { customerId: string; types?: string[] | null }, ctx: RequestContext) => {
        requireScope(ctx, 'read');
        const types = args.types?.length ? new Set(args.types) : null;
        const keep = (e: StoredEvent) => e.customerId === args.customerId && (!types || types.has(e.type));
        return wrap('events', ctx.services.bus.subscribe('events', ctx.tenant, keep));
      },
    },
    alerts: {
      subscribe: (_: unknown, args: { customerId?: string | null }, ctx: RequestContext) => {
        requireScope(ctx, 'read');
        const keep = (e: StoredEvent) => !args.customerId || e.customerId === args.customerId;
        return wrap('alerts', ctx.services.bus.subscribe('alerts', ctx.tenant, keep));
      },
    },
  },
};
