// Settings shared by the context benchmark's processes.
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';

export const PREFIX = 'cgbenchctx';
export const QUEUE = 'cgbenchctx-q';
export const customerId = (i: number): string => `ctx-${i}`;

export function contextBenchConfig(workerInProcess: boolean): Config {
  return parseConfig({
    keyPrefix: PREFIX,
    logLevel: 'error',
    graphql: { graphiql: false },
    queue: { name: QUEUE, workerInProcess },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    context: { deadline: '1s' },
    // The parent makes a temp LanceDB directory and hands it to the server process.
    ...(process.env.BENCH_LANCEDB_DIR ? { vectorStore: { kind: 'lancedb', dir: process.env.BENCH_LANCEDB_DIR } } : {}),
  });
}
