// `context-gateway/testkit`: a real gateway for a plugin's own tests, on the real Redis, with its
// own key prefix and queue, and a `close()` that removes every key it wrote.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/load.ts';
import type { ConfigInput } from '../config/schema.ts';
import type { IngestResult } from '../events/types.ts';
import { createLogger } from '../logger.ts';
import type { EventInput, PluginDefinition } from '../plugins/types.ts';
import { createRedis } from '../redis/connection.ts';
import { unlinkMatching } from '../redis/scan.ts';
import { createGateway, type Gateway } from '../server/gateway.ts';

export type { EventInput } from '../plugins/types.ts';

export interface TestPlugin {
  plugin: PluginDefinition<any, any>;
  options?: unknown;
}

export interface TestGatewayOptions {
  /** The plugins under test: a definition, or `{ plugin, options }`. */
  plugins?: readonly (PluginDefinition<any, any> | TestPlugin)[];
  /** Config overrides (keyPrefix and queue.name are always the test's own). @default logLevel "silent" */
  config?: Partial<ConfigInput>;
  /** Headers sent with every request (e.g. an API key when `config.auth` has keys). */
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** An event for `ingest`: a missing `id` is random, a missing `timestamp` is now (1 ms apart, in list order). */
export type TestEvent = Omit<EventInput, 'id' | 'timestamp'> & Partial<Pick<EventInput, 'id' | 'timestamp'>>;

export interface TestGateway {
  gateway: Gateway;
  /** The Redis key prefix every key of this gateway starts with. */
  prefix: string;
  /** POST /v1/events; `wait` (default true) answers once the events are applied. */
  ingest(events: readonly TestEvent[], opts?: { wait?: boolean; headers?: Record<string, string> }): Promise<IngestResult>;
  /** POST /graphql; the parsed response, errors included. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Like `gql`, but returns `data` and throws when the response has errors. */
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Closes the gateway and deletes its keys and queue. */
  close(): Promise<void>;
}

const asEntry = (p: PluginDefinition<any, any> | TestPlugin): TestPlugin => ('plugin' in p && typeof p.plugin === 'object' ? (p as TestPlugin) : { plugin: p as PluginDefinition<any, any> });

async function deleteKeys(redisUrl: string, patterns: string[]): Promise<void> {
  const redis = createRedis(redisUrl, { enableAutoPipelining: false });
  try {
    for (const pattern of patterns) await unlinkMatching(redis, pattern);
  } finally {
    redis.disconnect();
  }
}

export async function startTestGateway(opts: TestGatewayOptions = {}): Promise<TestGateway> {
  const id = randomUUID().slice(0, 8);
  const prefix = `cgkit-${id}`;
  // Its own LanceDB directory too, removed by close(), unless the config names one.
  const vectorDir = opts.config?.vectorStore?.dir ? undefined : mkdtempSync(join(tmpdir(), 'cgkit-lance-'));
  const vectorStore = { ...opts.config?.vectorStore, ...(vectorDir ? { dir: vectorDir } : {}) };
  const cfg = parseConfig({ logLevel: 'silent', ...opts.config, vectorStore, keyPrefix: prefix, queue: { ...opts.config?.queue, name: `cgkit-q-${id}` } });
  const dropVectors = () => vectorDir && rmSync(vectorDir, { recursive: true, force: true });
  const gateway = await createGateway(cfg, { logger: createLogger(cfg.logLevel), worker: true, plugins: (opts.plugins ?? []).map(asEntry) }).catch((err: unknown) => {
    dropVectors();
    throw err;
  });
  const base = opts.headers ?? {};
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await gateway.fetch(`http://testkit${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...base, ...headers },
      body: JSON.stringify(body),
    });
    return res.json() as Promise<any>;
  };
  const gql = <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    post('/graphql', { query, variables }, headers) as Promise<GraphQLResponse<T>>;
  return {
    gateway,
    prefix,
    gql,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      const res = await gql<T>(query, variables);
      if (res.errors?.length) throw new Error(`GraphQL errors: ${res.errors.map((e) => e.message).join('; ')}`);
      return res.data as T;
    },
    async ingest(events, o = {}) {
      // Missing times count up to now in list order, so the last event listed is the newest.
      const now = Date.now();
      const full = events.map((e, i) => ({ ...e, id: e.id ?? randomUUID(), timestamp: e.timestamp ?? new Date(now - (events.length - 1 - i)).toISOString() }));
      const res = await post(`/v1/events?wait=${o.wait ?? true}`, full, o.headers);
      if (res.error) throw new Error(`ingest failed: ${res.error.code} ${res.error.message}`);
      return res as IngestResult;
    },
    async close() {
      await gateway.close();
      await deleteKeys(cfg.redisUrl, [`${prefix}:*`, `bull:${cfg.queue.name}:*`]);
      dropVectors();
    },
  };
}
