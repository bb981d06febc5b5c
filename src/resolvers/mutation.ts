// Mutations: ingest through the same path as POST /v1/events, and erasure.
import { userInputError } from '../errors.ts';
import { customerBase } from '../redis/keys.ts';
import type { RequestContext } from '../server/services.ts';
import { requireScope } from './guards.ts';

interface EventInput {
  id: string;
  type: string;
  customerId?: string | null;
  timestamp: Date;
  payload?: unknown;
}

export const mutationResolvers = {
  Mutation: {
    ingest: (_: unknown, args: { events: EventInput[]; wait: boolean }, ctx: RequestContext) => {
      requireScope(ctx, 'write');
      const max = ctx.services.maxBatchEvents;
      if (args.events.length > max) throw userInputError(`${args.events.length} events in one request; the limit is ${max}`, { argument: 'events' });
      const items = args.events.map((e) => ({
        ok: true as const,
        value: { ...e, timestamp: e.timestamp.toISOString(), ...(e.customerId == null ? { customerId: undefined } : {}) },
      }));
      return ctx.services.ingestor.ingest(ctx.tenant, items, { wait: args.wait });
    },
    forgetCustomer: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
      requireScope(ctx, 'admin');
      await ctx.services.customers.forget(customerBase(ctx.services.prefix, ctx.tenant, args.id));
      for (const hook of ctx.services.customers.forgetHooks) await hook(ctx.tenant, args.id);
      return true;
    },
  },
};
