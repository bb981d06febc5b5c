// Builds a gateway from a validated config: connections, stores, queue, worker, schema and yoga.
// Listening is separate (src/cli.ts); tests call `gateway.fetch` without a port.
import type { Worker } from 'bullmq';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { AggregateService } from '../aggregates/service.ts';
import { Applier } from '../apply/applier.ts';
import { Deriver } from '../derive/deriver.ts';
import { AttributeFreshness, AttributeStore } from '../attributes/store.ts';
import type { Config } from '../config/schema.ts';
import { CustomerStore } from '../customers/store.ts';
import { attachDocuments } from '../documents/attach.ts';
import { openRetrieval } from '../documents/open.ts';
import { DocumentService } from '../documents/service.ts';
import type { Embedder } from '../embeddings/types.ts';
import { ErrorCode, clientError } from '../errors.ts';
import { toStored } from '../events/types.ts';
import { Ingestor } from '../ingest/ingest.ts';
import { createLoaders } from '../loaders/index.ts';
import { createLogger, type Logger } from '../logger.ts';
import { MemoryStore } from '../memory/store.ts';
import { ContextService } from '../context/service.ts';
import { pluginExtensions, setupPlugins, teardownPlugins } from '../plugins/lifecycle.ts';
import { loadPlugins } from '../plugins/loader.ts';
import type { PluginDefinition } from '../plugins/types.ts';
import { EventQueue } from '../queue/queue.ts';
import { createWorker } from '../queue/worker.ts';
import { RealtimeService } from '../realtime/service.ts';
import { createRedis } from '../redis/connection.ts';
import { createSchema } from '../schema/index.ts';
import { SourceStats } from '../sources/stats.ts';
import { TimelineStore } from '../timeline/store.ts';
import { useToolRoutes } from '../tools/routes.ts';
import { Toolset, type Caller } from '../tools/toolset.ts';
import { Authenticator } from './auth.ts';
import { useBodyLimit } from './body-limit.ts';
import { Metrics } from './metrics.ts';
import { useJit } from './jit.ts';
import { EventBus } from './pubsub.ts';
import { useRoutes } from './routes.ts';
import { createHttpListener, type HttpListener } from './http.ts';
import { RateLimiter, fieldSuggestions, useSecurity } from './security/index.ts';
import type { RequestContext, Services } from './services.ts';

/** Largest /graphql body (yoga's default); /v1/events has its own, `limits.maxBodyBytes`. */
const GRAPHQL_BODY_LIMIT = 25_000_000;

export interface GatewayOptions {
  logger?: Logger;
  /** Plugin definitions to load besides the config's (tests, embedding apps). */
  plugins?: readonly { plugin: PluginDefinition<any, any>; options?: unknown }[];
  /** Run the queue worker in this process (overrides config.queue.workerInProcess). */
  worker?: boolean;
  /** Embedder for documents. @default embedderFromEnv() (EMBEDDINGS_URL, else the offline hashing one) */
  embedder?: Embedder;
  /** Collect Node's default process metrics. @default false */
  processMetrics?: boolean;
}

export interface Gateway {
  config: Config;
  /** The shared command connection (benchmarks and tests count its round trips). */
  redis: Redis;
  services: Services;
  applier: Applier;
  yoga: YogaServerInstance<Record<string, unknown>, RequestContext>;
  /** The node:http listener to serve: yoga, with a fast path for POST /graphql (src/server/http.ts). */
  handler: HttpListener;
  worker: Worker | undefined;
  /** Prometheus registry and what GET /metrics answers. */
  metrics: Metrics;
  /** Tools for LLM agents (MCP, OpenAI tools), run as GraphQL with the caller's context. */
  tools: Toolset;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  close(): Promise<void>;
}

export async function createGateway(config: Config, opts: GatewayOptions = {}): Promise<Gateway> {
  const log = opts.logger ?? createLogger(config.logLevel);
  // Before any connection opens: a broken plugin stops start-up with one PluginError (src/plugins/loader.ts).
  const registry = await loadPlugins(config.plugins, opts.plugins ?? [], log);
  const schema = createSchema(pluginExtensions(registry));
  const contextFor = ({ tenant, scopes }: Caller): RequestContext => {
    const now = Date.now();
    return { tenant, scopes, services, loaders: createLoaders(services, tenant, now), now };
  };
  // Plugin tools are checked against the schema here, before any connection opens, too.
  const limits = { maxTokensLimit: config.context.maxTokensLimit, memoryTextMax: config.limits.memoryTextMax };
  const tools = new Toolset({ schema, plugins: registry.plugins, config: config.tools, limits, contextFor, log: log.child({ component: 'tools' }) });
  // Also before any connection: a store built by another embedder stops start-up (ModelMismatchError).
  const retrieval = await openRetrieval(config, log, opts.embedder);
  const redis = createRedis(config.redisUrl);
  const subscriber = createRedis(config.redisUrl, { enableAutoPipelining: false });

  const stats = new SourceStats(redis, config.keyPrefix);
  const bus = new EventBus(redis, subscriber, config.keyPrefix);
  // BullMQ defines ~50 Lua commands on its connection, and ioredis copies every defined command
  // onto each new pipeline (~65 µs each): the queue gets its own connection so reads stay cheap.
  const queueRedis = createRedis(config.redisUrl);
  const queue = new EventQueue({ name: config.queue.name, redisUrl: config.redisUrl, connection: queueRedis, attempts: config.queue.attempts });
  const validation = { maxClockSkew: config.limits.maxClockSkew, unknownTypes: config.events.unknownTypes };
  const aggregates = new AggregateService(redis, registry, config.retention);
  const applier = new Applier({
    redis,
    prefix: config.keyPrefix,
    registry,
    log,
    eventCap: config.limits.eventsPerCustomer,
    historyCap: config.limits.attributeHistory,
    retentionMs: config.retention,
  });
  applier.opsHooks.push((event) => aggregates.ops(event));
  applier.afterHooks.push(async (tenant, applied) => {
    await stats.record(tenant, applied, new Map());
    bus.publish('events', tenant, applied.filter((e) => e.customerId).map(toStored));
  });

  const services: Services = {
    prefix: config.keyPrefix,
    log,
    registry,
    attributes: new AttributeStore(redis),
    freshness: new AttributeFreshness(config.attributes.ttl, config.attributes.defaultTtl),
    timeline: new TimelineStore(redis, config.limits.eventsPerCustomer),
    customers: new CustomerStore(redis),
    memory: new MemoryStore(redis, config.limits.memoryPerCustomer),
    context: new ContextService(config.context),
    realtime: new RealtimeService({ redis, prefix: config.keyPrefix, registry, log }),
    documents: new DocumentService({ ...retrieval, redis, prefix: config.keyPrefix, chunking: { maxChars: config.documents.chunkChars, overlapChars: config.documents.overlapChars }, log }),
    memoryTextMax: config.limits.memoryTextMax,
    aggregates,
    ingestor: new Ingestor({
      redis,
      prefix: config.keyPrefix,
      queue,
      registry,
      batchSize: config.queue.batchSize,
      validation,
      tooOld: (event, now) => aggregates.touches(event) && event.timestamp <= now - config.retention,
      stats,
      log,
    }),
    stats,
    bus,
    maxBatchEvents: config.limits.maxBatchEvents,
  };
  attachDocuments(services, applier);
  new Deriver({ redis, prefix: config.keyPrefix, registry, aggregates, timeline: services.timeline, bus, retentionMs: config.retention, maxClockSkew: config.limits.maxClockSkew, log }).attach(applier);

  try {
    await setupPlugins(registry, { redis, services });
  } catch (err) {
    // A plugin's setup failed: release what is open so an embedding app or a test does not leak it.
    await queue.close().catch(() => {});
    await services.documents.close().catch(() => {});
    for (const c of [redis, subscriber, queueRedis]) c.disconnect();
    throw err;
  }

  const auth = new Authenticator(config.auth.apiKeys);
  if (auth.open) log.warn('no API keys configured: the gateway is open, every request acts on tenant "default" with all scopes');
  const metrics = new Metrics(opts.processMetrics ?? false);
  const runWorker = opts.worker ?? config.queue.workerInProcess;
  const worker = runWorker
    ? createWorker({ queueName: config.queue.name, redisUrl: config.redisUrl, concurrency: config.queue.concurrency, applier, registry, stats, validation, log, metrics })
    : undefined;
  const limiter = config.rateLimit ? new RateLimiter(redis, config.keyPrefix, config.rateLimit) : undefined;

  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema,
    graphiql: config.graphql.graphiql,
    landingPage: false,
    logging: log.child({ component: 'yoga' }),
    maskedErrors: true,
    // useBodyLimit below gives the same answers without streaming every body through a transform.
    maxRequestBodySize: false,
    plugins: [
      ...useSecurity(config, { redis, auth, log, limiter }),
      useRoutes({ services, auth, metrics, maxBodyBytes: config.limits.maxBodyBytes, ready: async () => (await redis.ping()) === 'PONG' }),
      useToolRoutes({ tools, auth, maxBodyBytes: config.limits.maxBodyBytes }),
      useJit(),
      useBodyLimit(GRAPHQL_BODY_LIMIT),
    ],
    context: ({ request }) => {
      const result = auth.authenticate(request.headers);
      if (!result.ok) throw clientError(ErrorCode.UNAUTHENTICATED, result.message, 401, { 'www-authenticate': 'Bearer' });
      return contextFor(result.principal);
    },
  });

  const handler = createHttpListener({ yoga, auth, limiter, maxBodyBytes: GRAPHQL_BODY_LIMIT, suggestions: fieldSuggestions(config), log });

  return {
    config,
    redis,
    services,
    applier,
    yoga,
    handler,
    worker,
    metrics,
    tools,
    fetch: (input, init) => Promise.resolve(yoga.fetch(input as URL, init ?? {})),
    async close() {
      // BullMQ crashes when a connection is closed while still initializing; wait for ready first.
      await worker?.waitUntilReady().catch(() => {});
      await worker?.close();
      await services.documents.close();
      await teardownPlugins(registry);
      await queue.close();
      await queueRedis.quit();
      subscriber.disconnect();
      await redis.quit();
    },
  };
}
