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
    remember: async (_: unknown, args: { customerId: string; text: string; role?: string | null }, ctx: RequestContext) => {
      requireScope(ctx, 'write');
      const text = args.text.trim();
      if (!text) throw userInputError('text must not be empty', { argument: 'text' });
      if (text.length > ctx.services.memoryTextMax) throw userInputError(`text is ${text.length} characters; the limit is ${ctx.services.memoryTextMax}`, { argument: 'text' });
      if (args.role && !/^[A-Za-z_-]{1,32}$/.test(args.role)) throw userInputError('role must be 1-32 letters, _ or - (e.g. user, assistant)', { argument: 'role' });
      const base = customerBase(ctx.services.prefix, ctx.tenant, args.customerId);
      const item = await ctx.services.memory.remember(base, text, args.role ?? null, Date.now());
      return { ...item, createdAt: new Date(item.createdAt) };
    },
    forgetCustomer: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
      requireScope(ctx, 'admin');
      await ctx.services.customers.forget(customerBase(ctx.services.prefix, ctx.tenant, args.id));
      for (const hook of ctx.services.customers.forgetHooks) await hook(ctx.tenant, args.id);
      return true;
    },
  },
};
