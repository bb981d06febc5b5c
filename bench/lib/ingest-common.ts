// Shared settings of the ingest benchmark: its key prefix, queue and gateway config.
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';

export const INGEST_PREFIX = 'cgbench-ingest';
export const INGEST_QUEUE = 'cgbench-ingest-q';
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** Events per BullMQ job (= per POST in the benchmark) and jobs a worker applies at once. */
export const BATCH = env('BENCH_BATCH', 1000);
export const CONCURRENCY = env('BENCH_WORKER_CONCURRENCY', 2);

export function ingestConfig(): Config {
  return parseConfig({
    keyPrefix: INGEST_PREFIX,
    logLevel: 'error',
    retention: '2d',
    graphql: { graphiql: false },
    queue: { name: INGEST_QUEUE, batchSize: BATCH, concurrency: CONCURRENCY, workerInProcess: false },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
}
