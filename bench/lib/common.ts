// Shared settings of the serve benchmark: the data set's key prefix, its ids and the query.
import { parseConfig } from '../../src/config/load.ts';
import type { Config, ConfigInput } from '../../src/config/schema.ts';

export const PREFIX = 'cgbench';
export const QUEUE = 'cgbench-q';

export const QUERY = 'query($id: ID!) { customer(id: $id) { profile attributes { name value } events(limit: 10) { type timestamp } } }';

export const customerId = (i: number): string => `bench-${i}`;

/** The gateway config every benchmark process uses: own prefix and queue, quiet, open tenant. */
export function benchConfig(workerInProcess: boolean, own: { prefix: string; queue: string } = { prefix: PREFIX, queue: QUEUE }, extra: Partial<ConfigInput> = {}): Config {
  return parseConfig({
    keyPrefix: own.prefix,
    logLevel: 'error',
    graphql: { graphiql: false },
    queue: { name: own.queue, workerInProcess },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ...extra,
  });
}
