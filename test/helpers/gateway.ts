// Spins up a gateway on the real Redis with its own key prefix and queue, and cleans up after.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { createLogger } from '../../src/logger.ts';
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
  const cfg = parseConfig({ logLevel: 'silent', ...config, keyPrefix: prefix, queue: { name: `cgtest-q-${id}`, ...(config.queue ?? {}) } });
  const gw = await createGateway(cfg, { logger: createLogger('silent'), ...opts });
  const gql = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await gw.fetch('http://gw/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  const cleanup = async () => {
    await gw.close();
    const r = new Redis(cfg.redisUrl);
    for (const pattern of [`${prefix}:*`, `bull:${cfg.queue.name}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await r.unlink(...keys);
      } while (cursor !== '0');
    }
    r.disconnect();
  };
  return Object.assign(gw, { prefix, gql, cleanup });
}

export const iso = (ms: number): string => new Date(ms).toISOString();
