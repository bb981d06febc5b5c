// Settings shared by the context benchmark's processes.
import type { Config } from '../../src/config/schema.ts';
import { benchConfig } from '../lib/common.ts';

export const PREFIX = 'cgbenchctx';
export const QUEUE = 'cgbenchctx-q';
export const customerId = (i: number): string => `ctx-${i}`;

export function contextBenchConfig(workerInProcess: boolean): Config {
  return benchConfig(workerInProcess, { prefix: PREFIX, queue: QUEUE }, {
    context: { deadline: '1s' },
    // The parent makes a temp LanceDB directory and hands it to the server process.
    ...(process.env.BENCH_LANCEDB_DIR ? { vectorStore: { kind: 'lancedb', dir: process.env.BENCH_LANCEDB_DIR } } : {}),
  });
}
