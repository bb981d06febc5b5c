// The plugin contract: a plain, typed object of optional parts. The host validates it, injects
// shared services and merges its event types, mappings and GraphQL extensions into the gateway.
import type { IResolvers } from '@graphql-tools/utils';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { AggregationSpec } from '../aggregates/index.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';

/** What a handler gets besides the event: the plugin's validated options and its logger. */
export interface HandlerContext<O = unknown> {
  options: O;
  log: Logger;
}

export type TypedEvent<P> = Omit<GatewayEvent, 'payload'> & { payload: P };

export interface EventTypeDefinition<P = Record<string, unknown>, O = unknown> {
  /** Payload schema; a bad payload is rejected with this schema's own message. */
  payload?: z.ZodType<P>;
  /** Whether events of this type belong to a customer. @default "required" */
  customer?: 'required' | 'optional' | 'none';
  description?: string;
  /** Event -> attribute updates (name -> value; null clears), applied at the event's time. */
  attributes?: (event: TypedEvent<P>, ctx: HandlerContext<O>) => Record<string, unknown> | undefined;
}

/** Services the host hands a plugin at setup. */
export interface PluginSetupContext<O = unknown> {
  options: O;
  log: Logger;
  redis: Redis;
  /** The hash-tagged key base of a customer, for plugins that keep keys of their own. */
  customerBase(tenant: string, customerId: string): string;
}

export interface PluginDefinition<O = unknown> {
  /** Unique; used in logs, `Query.sources` and as the `source` of its events and attributes. */
  name: string;
  version?: string;
  description?: string;
  /** Kind shown in `Query.sources` (e.g. "crm", "clickstream", "realtime"). @default "events" */
  kind?: string;
  /** Schema of the plugin's own options (from the config's `plugins[].options`). */
  options?: z.ZodType<O>;
  /** Names of plugins that must be loaded too. */
  dependsOn?: string[];
  eventTypes?: Record<string, EventTypeDefinition<any, O>>;
  /** Streaming aggregations over event time (docs/aggregates.md); names are unique per gateway. */
  aggregations?: AggregationSpec[];
  /** SDL extending the core schema, e.g. `extend type Customer { loyalty: Loyalty }`. */
  typeDefs?: string;
  resolvers?: IResolvers<any, any>;
  setup?(ctx: PluginSetupContext<O>): void | Promise<void>;
  teardown?(): void | Promise<void>;
}

/** Identity at runtime; gives plugin authors full type inference. */
export function definePlugin<O = Record<string, never>>(plugin: PluginDefinition<O>): PluginDefinition<O> {
  return plugin;
}
