// The gateway's configuration: one zod schema, validated once at the edge, then frozen.
import { z } from 'zod';
import { durationSchema } from '../util/duration.ts';
import { graphqlLimitsSchema, rateLimitSchema } from './security.ts';
import { documentsSchema, vectorStoreSchema } from './vector.ts';

const apiKeySchema = z.strictObject({
  key: z.string().min(8, 'an API key needs at least 8 characters'),
  tenant: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a tenant is 1-64 of A-Z a-z 0-9 _ . -'),
  scopes: z.array(z.enum(['read', 'write', 'admin'])).min(1).default(['read']),
});

const pluginRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) }),
]);

export const configSchema = z.strictObject({
  /** @default "redis://127.0.0.1:6379" */
  redisUrl: z.string().url().default('redis://127.0.0.1:6379'),
  /** Start a local redis-server when nothing answers at the default address. @default true */
  autoStartRedis: z.boolean().default(true),
  /** @default 4000 */
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  /**
   * `serve`'s server processes sharing the port (node:cluster), or "auto" for one per core (env
   * WEB_CONCURRENCY, `--processes`). The first alone runs the in-process queue worker. @default 1
   */
  processes: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(256)], { error: 'must be a whole number from 1 to 256, or "auto"' })
    .default(1),
  /** Every Redis key starts with this (tests use their own). @default "cg" */
  keyPrefix: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('cg'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  queue: z
    .strictObject({
      /** BullMQ queue name; other services add jobs to it directly (docs/queue.md). */
      name: z.string().min(1).default('context-gateway-events'),
      /** Events per BullMQ job. @default 500 */
      batchSize: z.number().int().min(1).max(10_000).default(500),
      /** Jobs a worker applies at once. @default 4 */
      concurrency: z.number().int().min(1).max(256).default(4),
      /** Attempts before a job lands in the failed set. @default 5 */
      attempts: z.number().int().min(1).max(100).default(5),
      /** Run the worker inside `serve`. @default true */
      workerInProcess: z.boolean().default(true),
    })
    .prefault({}),
  limits: z
    .strictObject({
      /** Largest accepted request body. @default 5 MiB */
      maxBodyBytes: z.number().int().min(1024).default(5 * 1024 * 1024),
      /** Most events in one request. @default 10000 */
      maxBatchEvents: z.number().int().min(1).default(10_000),
      /** Events kept per customer on the timeline (newest). @default 1000 */
      eventsPerCustomer: z.number().int().min(1).default(1000),
      /** Attribute versions kept per customer for asOf reads. @default 5000 */
      attributeHistory: z.number().int().min(1).default(5000),
      /** Memory items kept per customer (newest). @default 200 */
      memoryPerCustomer: z.number().int().min(1).default(200),
      /** Longest memory text, in characters. @default 4000 */
      memoryTextMax: z.number().int().min(1).default(4000),
      /** How far in the future an event time may be (clock skew). @default 5m */
      maxClockSkew: durationSchema.default(300_000),
    })
    .prefault({}),
  /** How long event ids and aggregate tiles are kept; older aggregate updates are refused. @default 35d */
  retention: durationSchema.default(35 * 86_400_000),
  events: z
    .strictObject({
      /** Events of a type no plugin declares: store them on the timeline, or reject them. */
      unknownTypes: z.enum(['accept', 'reject']).default('accept'),
    })
    .prefault({}),
  attributes: z
    .strictObject({
      /** Attribute name -> age after which its value is STALE, e.g. {"tier": "30d"}. */
      ttl: z.record(z.string(), durationSchema).default({}),
      /** TTL for attributes without their own; unset means they never go stale. */
      defaultTtl: durationSchema.optional(),
    })
    .prefault({}),
  plugins: z.array(pluginRefSchema).default([]),
  auth: z
    .strictObject({
      apiKeys: z.array(apiKeySchema).default([]),
      /** Serve GET /metrics without a key; otherwise it needs an admin key once keys exist. @default false */
      publicMetrics: z.boolean().default(false),
    })
    .prefault({}),
  graphql: z
    .strictObject({
      graphiql: z.boolean().default(true),
      /** @default true outside production */
      introspection: z.boolean().optional(),
      /** Keep "Did you mean ...?" hints in error messages. @default true outside production */
      fieldSuggestions: z.boolean().optional(),
      /** Query limits (docs/security.md). */
      limits: graphqlLimitsSchema,
    })
    .prefault({}),
  /** Per-key request budget in Redis, shared by replicas (docs/security.md). @default off */
  rateLimit: rateLimitSchema.optional(),
  context: z
    .strictObject({
      /** Whole-request deadline of Customer.context; slower sources are cut off and listed. @default 300ms */
      deadline: durationSchema.default(300),
      /** Age at which an item's recency counts half. @default 24h */
      halfLife: durationSchema.default(86_400_000),
      weights: z
        .strictObject({ relevance: z.number().min(0).default(0.5), recency: z.number().min(0).default(0.3), trust: z.number().min(0).default(0.2) })
        .prefault({}),
      /** Trust per kind (0..1); first-party data above retrieved documents by default. */
      trust: z
        .strictObject({
          ATTRIBUTE: z.number().min(0).max(1).default(1),
          MEMORY: z.number().min(0).max(1).default(0.9),
          AGGREGATE: z.number().min(0).max(1).default(0.9),
          EVENT: z.number().min(0).max(1).default(0.85),
          REALTIME: z.number().min(0).max(1).default(0.8),
          DOCUMENT: z.number().min(0).max(1).default(0.6),
        })
        .prefault({}),
      /** Largest maxTokens a request may ask for. @default 16000 */
      maxTokensLimit: z.number().int().min(1).default(16_000),
    })
    .prefault({}),
  /** Tools for LLM agents: MCP at /mcp and over stdio, OpenAI tools at /tools (docs/agents.md). */
  tools: z
    .strictObject({
      /** Offer the `remember` tool (it writes customer memory; also needs a key with "write"). @default true */
      remember: z.boolean().default(true),
      /** Tool names hidden from every agent, e.g. ["search_knowledge"]. @default [] */
      disabled: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** Where document chunks and their vectors live (docs/vector-stores.md). */
  vectorStore: vectorStoreSchema,
  /** How documents are chunked before embedding. */
  documents: documentsSchema,
  /** Load the demo data set when Redis holds nothing for the default tenant. @default false */
  demoOnEmpty: z.boolean().default(false),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = Readonly<z.output<typeof configSchema>>;
export type ApiKeyConfig = z.output<typeof apiKeySchema>;
export type PluginRef = z.output<typeof pluginRefSchema>;
