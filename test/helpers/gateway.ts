// Spins up a gateway on the real Redis with its own key prefix and queue, and cleans up after.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parseConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { createLogger } from '../../src/logger.ts';
import { unlinkMatching } from '../../src/redis/scan.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/gateway.ts';

export interface TestGateway extends Gateway {
  prefix: string;
  /** POST a GraphQL operation; returns the parsed JSON body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
  /** Removes every key under the prefix and the queue's keys. */
  cleanup(): Promise<void>;
}

export async function startTestGateway(config: Partial<ConfigInput> = {}, opts: GatewayOptions = {}): Promise<TestGateway> {
  const id = randomUUID().slice(0, 8);
  const prefix = `cgtest-${id}`;
  // Each gateway gets its own LanceDB directory unless the test names one (e.g. to reopen it).
  const vectorDir = config.vectorStore?.dir ? undefined : mkdtempSync(join(tmpdir(), 'cgtest-lance-'));
  const vectorStore = { ...config.vectorStore, ...(vectorDir ? { dir: vectorDir } : {}) };
  const cfg = parseConfig({ logLevel: 'silent', ...config, vectorStore, keyPrefix: prefix, queue: { name: `cgtest-q-${id}`, ...(config.queue ?? {}) } });
  let gw: Gateway;
  try {
    gw = await createGateway(cfg, { logger: createLogger('silent'), ...opts });
  } catch (err) {
    if (vectorDir) rmSync(vectorDir, { recursive: true, force: true });
    throw err;
  }
  // Tests talk to the gateway over real HTTP, through the listener `npm start` serves (yoga plus
  // its fast path for POST /graphql, src/server/http.ts); the URL's host is ignored.
  const server = createServer(gw.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const target = `${origin}${url.pathname}${url.search}`;
    return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
  };
  const gql = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await gw.fetch('http://gw/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  const cleanup = async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
    await gw.close();
    const r = new Redis(cfg.redisUrl);
    for (const pattern of [`${prefix}:*`, `bull:${cfg.queue.name}:*`]) await unlinkMatching(r, pattern);
    r.disconnect();
    if (vectorDir) rmSync(vectorDir, { recursive: true, force: true });
  };
  return Object.assign(gw, { prefix, gql, cleanup });
}

export const iso = (ms: number): string => new Date(ms).toISOString();
