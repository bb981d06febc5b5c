// Gives a plugin's resolvers their own runtime as `ctx.plugin`, so they reach options and state
// through the context like every other read. One derived context per request and plugin.
import type { IResolvers } from '@graphql-tools/utils';
import { GraphQLScalarType } from 'graphql';
import type { PluginResolvers, PluginRuntime } from './types.ts';

type Fn = (...args: unknown[]) => unknown;

function contextDeriver(runtime: PluginRuntime): (ctx: unknown) => unknown {
  const cache = new WeakMap<object, object>();
  return (ctx) => {
    if (typeof ctx !== 'object' || ctx === null) return { plugin: runtime };
    let derived = cache.get(ctx);
    if (!derived) {
      // A prototype link, not a copy: fields yoga adds to the context later stay visible.
      derived = Object.create(ctx, { plugin: { value: runtime, enumerable: true } }) as object;
      cache.set(ctx, derived);
    }
    return derived;
  };
}

/** Wraps `fn` so that its argument at `at` (the context) is the derived one. */
const withCtx = (fn: Fn, at: number, derive: (ctx: unknown) => unknown): Fn =>
  function (this: unknown, ...args: unknown[]) {
    args[at] = derive(args[at]);
    return fn.apply(this, args);
  };

function bindField(value: unknown, field: string, derive: (ctx: unknown) => unknown): unknown {
  if (typeof value === 'function') {
    // __resolveType(obj, ctx, info) and __isTypeOf take the context second.
    return withCtx(value as Fn, field === '__resolveType' || field === '__isTypeOf' ? 1 : 2, derive);
  }
  if (typeof value === 'object' && value !== null && ('resolve' in value || 'subscribe' in value)) {
    const config = { ...(value as Record<string, unknown>) };
    for (const key of ['resolve', 'subscribe'] as const) {
      if (typeof config[key] === 'function') config[key] = withCtx(config[key] as Fn, 2, derive);
    }
    return config;
  }
  return value;
}

export function bindResolvers(resolvers: PluginResolvers<any, any>, runtime: PluginRuntime): IResolvers {
  const derive = contextDeriver(runtime);
  const out: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (fields instanceof GraphQLScalarType || typeof fields !== 'object' || fields === null) {
      out[typeName] = fields;
      continue;
    }
    out[typeName] = Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, bindField(value, field, derive)]));
  }
  return out as IResolvers;
}
