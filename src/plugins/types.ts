// The plugin contract: a plain, typed object of optional parts. The host validates it, injects
// shared services and merges its event types, mappings and GraphQL extensions into the gateway.
import type { GraphQLResolveInfo, GraphQLScalarType } from 'graphql';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { AggregateValue, AggregationSpec } from '../aggregates/index.ts';
import type { GatewayEvent, StoredEvent } from '../events/types.ts';
import type { DemoContext } from '../demo/types.ts';
import type { DocumentChange } from '../documents/types.ts';
import type { IngestResult } from '../events/types.ts';
import type { Candidate, ProviderRequest } from '../context/types.ts';
import type { Loaders } from '../loaders/index.ts';
import type { Logger } from '../logger.ts';
import type { FetcherDefinition } from '../realtime/types.ts';
import type { RequestContext, Services } from '../server/services.ts';

/** What a handler gets besides the event: the plugin's validated options and its logger. */
export interface HandlerContext<O = unknown> {
  options: O;
  log: Logger;
}

export type TypedEvent<P> = Omit<GatewayEvent, 'payload'> & { payload: P };

/** An event a plugin emits while its source event is applied (docs/aggregates.md, "Derived events and alerts"). */
export interface DerivedEvent {
  type: string;
  payload?: Record<string, unknown>;
  /** Also publish it on `Subscription.alerts`. @default false */
  alert?: boolean;
  /**
   * Makes the id `<type>:<key>`, so two source events can derive the very same event (e.g. one
   * alert per pair of transactions). @default the id is `<source event id>:<type>`
   */
  key?: string;
  /** Event time. @default the source event's time */
  timestamp?: Date | number;
}

/** What `derive` can read: the customer's data after the source event was applied. */
export interface DeriveContext<O = unknown> extends HandlerContext<O> {
  /** The customer's aggregates (all when `names` is omitted). @default asOf the source event's time */
  aggregates(names?: readonly string[], opts?: { asOf?: Date | number }): Promise<AggregateValue[]>;
  /** The customer's stored events, newest first by event time, the source event included. @default limit 20, no asOf */
  recentEvents(opts?: { types?: readonly string[]; limit?: number; asOf?: Date | number }): Promise<StoredEvent[]>;
}

export interface EventTypeDefinition<P = Record<string, unknown>, O = unknown> {
  /** Payload schema; a bad payload is rejected with this schema's own message. */
  payload?: z.ZodType<P>;
  /** Whether events of this type belong to a customer. @default "required" */
  customer?: 'required' | 'optional' | 'none';
  description?: string;
  /** One line for the LLM context, e.g. "Rebooked LH123 to LH125"; null leaves the event out. */
  describe?: (event: StoredEvent) => string | null;
  /**
   * A key naming the fact the event states (e.g. `booking:B42:status`): of items with one key only
   * the most trusted, newest reaches the context, so a superseded change never appears.
   */
  fact?: (event: StoredEvent) => string | undefined;
  /** Event -> attribute updates (name -> value; null clears), applied at the event's time. */
  attributes?: (event: TypedEvent<P>, ctx: HandlerContext<O>) => Record<string, unknown> | undefined;
  /**
   * Event -> documents to add or replace (a ticket's body, a chat transcript) or remove
   * (`{ documentId, deleted: true }`); docs/vector-stores.md. They belong to the event's customer,
   * or are tenant-wide knowledge when it has none. Runs on every attempt of a job: keep it pure.
   */
  documents?: (event: TypedEvent<P>, ctx: HandlerContext<O>) => DocumentChange[] | undefined;
  /**
   * Runs after the event is applied (its aggregates include it) and again when a retried job meets
   * it as a duplicate; must be deterministic given the stored data. Derived events do not derive.
   */
  derive?: (event: TypedEvent<P>, ctx: DeriveContext<O>) => DerivedEvent[] | undefined | Promise<DerivedEvent[] | undefined>;
}

/** Services the host hands a plugin at setup. */
export interface PluginSetupContext<O = unknown> {
  options: O;
  log: Logger;
  redis: Redis;
  /** The hash-tagged key base of a customer, for plugins that keep keys of their own. */
  customerBase(tenant: string, customerId: string): string;
  name: string;
  /** The gateway's stores (attributes, timeline, aggregates...), as resolvers see them on `ctx.services`. */
  services: Services;
  /**
   * Sends events through the normal ingestion path (validate, then queue); they are applied once the
   * worker runs (after every setup), so keep it for pollers and feeds, not for waiting inside setup.
   */
  ingest(tenant: string, events: readonly EventInput[]): Promise<IngestResult>;
}

/** An event as producers send it (`EventInput` in GraphQL, a line of NDJSON). */
export interface EventInput {
  id: string;
  type: string;
  customerId?: string | null;
  /** ISO-8601 with a zone, or epoch ms. */
  timestamp: string | number;
  payload?: Record<string, unknown>;
}

/** A loaded plugin at run time: its validated options, the state its `setup` returned, its logger. */
export interface PluginRuntime<O = unknown, S = unknown> {
  name: string;
  options: O;
  state: S;
  log: Logger;
}

/** The context a plugin's own resolvers get: the request context plus `plugin`, their own runtime. */
export type PluginRequestContext<O = unknown, S = unknown> = RequestContext & { plugin: PluginRuntime<O, S> };

export type PluginFieldResolver<C> = (parent: any, args: any, ctx: C, info: GraphQLResolveInfo) => unknown;

/** Resolvers by type and field; field resolvers receive `ctx.plugin`. Scalars and enum value maps pass through. */
export type PluginResolvers<O = unknown, S = unknown> = Record<
  string,
  | GraphQLScalarType
  | Record<
      string,
      | PluginFieldResolver<PluginRequestContext<O, S>>
      | { resolve?: PluginFieldResolver<PluginRequestContext<O, S>>; subscribe?: PluginFieldResolver<PluginRequestContext<O, S>> }
      | string
      | number
    >
>;

/** What `importRecord` gets besides the record. */
export interface ImportContext<O = unknown> {
  options: O;
  /** 1-based line (NDJSON) or record number (CSV) in the file. */
  line: number;
  /** The import's start time, ms; use it for records without a time of their own. */
  now: number;
}

export interface PluginDefinition<O = unknown, S = unknown> {
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
  /** A sentence for the LLM context, e.g. "Viewed 12 pages about Japan in the last hour"; null omits it. */
  describeAggregate?: (aggregate: AggregateValue) => string | null;
  /**
   * Extra context items (e.g. realtime values). Runs under the context's deadline; honour
   * `req.signal`. `realtime: true` providers are skipped for a past asOf. `req.loaders` are the
   * request's loaders (`req.loaders.realtime.load(fetcher, key)` for the plugin's fetchers).
   */
  context?: {
    realtime?: boolean;
    items(req: ProviderRequest & { plugin: { options: O }; loaders: Loaders }): Promise<Candidate[]>;
  };
  /**
   * Third-party reads (key -> value) run with a timeout, a Redis cache, safe retries, a circuit
   * breaker and a concurrency cap (docs/realtime.md); resolvers call `ctx.loaders.realtime.load(def, key)`.
   */
  fetchers?: Record<string, FetcherDefinition<any, any, O>>;
  /** SDL extending the core schema, e.g. `extend type Customer { loyalty: Loyalty }`. */
  typeDefs?: string;
  /** Resolvers of the fields its `typeDefs` declare; they read through `ctx` (loaders, services, `ctx.plugin`). */
  resolvers?: PluginResolvers<O, S>;
  /** Runs once at start, before the server answers; what it returns becomes `state` (`ctx.plugin.state`). */
  setup?(ctx: PluginSetupContext<O>): S | void | Promise<S | void>;
  teardown?(plugin: PluginRuntime<O, S>): void | Promise<void>;
  /** `Query.sources[].healthy`; false, a throw or no answer within 2 s means unhealthy. @default healthy */
  health?(plugin: PluginRuntime<O, S>): boolean | Promise<boolean>;
  /**
   * Turns one record of an export (a CSV row of strings, or an NDJSON object) into events, for
   * `context-gateway ingest FILE --plugin NAME`; null skips the record, a throw rejects it.
   */
  importRecord?(record: Record<string, unknown>, ctx: ImportContext<O>): EventInput | EventInput[] | null | undefined;
  /** Events for `context-gateway demo`: deterministic given `ctx.random`, within the last `ctx.days`. */
  demo?(ctx: DemoContext<O>): Iterable<EventInput> | Promise<Iterable<EventInput>>;
  /**
   * Tools for LLM agents (MCP, OpenAI tools; docs/agents.md): `.graphql` files, as absolute paths or
   * file URLs (`new URL('./tools/loyalty.graphql', import.meta.url)`), or inline `{ name?, document }`.
   * One operation each: its leading `#` comment is the description, its variables the input schema.
   */
  tools?: (string | URL | PluginTool)[];
}

/** An inline agent tool: a GraphQL operation run as the caller. @default name: the operation's name in snake_case */
export interface PluginTool {
  document: string;
  name?: string;
}

/** Identity at runtime; gives plugin authors full type inference. */
export function definePlugin<O = Record<string, never>, S = undefined>(plugin: PluginDefinition<O, S>): PluginDefinition<O, S> {
  return plugin;
}
