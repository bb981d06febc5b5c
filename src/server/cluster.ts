// `serve` on several processes (config `processes`, env WEB_CONCURRENCY, `--processes`): node:cluster
// forks copies of the server that share the port, so GraphQL reads use every core. The primary only
// supervises: it restarts a copy that dies after it started listening, stops all on SIGINT/SIGTERM,
// and answers the copies' /metrics with the sum of everyone's registry (prom-client's aggregator).
// Copy 0 alone runs the in-process queue worker and the demo loader, so the embedded vector store
// keeps one writer; the others read (docs/operations.md, "Several processes").
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';

/** Set in every copy's environment: its index, 0 to N-1. */
export const PROCESS_INDEX_ENV = 'CG_PROCESS_INDEX';
const METRICS = 'cg:metrics';
/** A copy that dies this soon after its last start is restarted after RESTART_BACKOFF_MS, not at once. */
const CRASH_WINDOW_MS = 10_000;
const RESTART_BACKOFF_MS = 1_000;

/** `auto` means one per core the machine reports. */
export function processCount(setting: number | 'auto'): number {
  return setting === 'auto' ? availableParallelism() : setting;
}

/** Index of this copy of a multi-process server, or undefined in a single-process one. */
export function processIndex(): number | undefined {
  const raw = process.env[PROCESS_INDEX_ENV];
  return cluster.isWorker && raw !== undefined ? Number(raw) : undefined;
}

interface Started {
  index: number;
  listening: boolean;
  startedAt: number;
}

/**
 * Runs in the primary: forks `count` copies of this program and supervises them. Resolves when every
 * copy has exited after a stop; exits the process with 1 when a copy fails before it listens (a bad
 * port or config would fail every restart too).
 */
export function superviseCopies(count: number, log: Logger): void {
  const aggregator = new AggregatorRegistry();
  const copies = new Map<Worker, Started>();
  let stopping = false;

  const fork = (index: number): void => {
    const worker = cluster.fork({ [PROCESS_INDEX_ENV]: String(index) });
    copies.set(worker, { index, listening: false, startedAt: Date.now() });
  };

  cluster.on('listening', (worker) => {
    const c = copies.get(worker);
    if (c) c.listening = true;
  });
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS, id: message.id, text }),
      (err: Error) => worker.send({ type: METRICS, id: message.id, error: err.message }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    const c = copies.get(worker);
    copies.delete(worker);
    if (!c) return;
    if (stopping) {
      if (copies.size === 0) process.exit(Number(process.exitCode ?? 0));
      return;
    }
    if (!c.listening) {
      log.error({ process: c.index, code, signal }, 'a server process failed before it listened; stopping');
      stopAll(1);
      return;
    }
    const soon = Date.now() - c.startedAt < CRASH_WINDOW_MS;
    log.error({ process: c.index, code, signal }, `server process exited; restarting it${soon ? ` in ${RESTART_BACKOFF_MS} ms` : ''}`);
    setTimeout(() => !stopping && fork(c.index), soon ? RESTART_BACKOFF_MS : 0);
  });

  const stopAll = (exitCode: number): void => {
    stopping = true;
    if (copies.size === 0) process.exit(exitCode);
    for (const w of copies.keys()) w.process.kill('SIGTERM');
    if (exitCode !== 0) setTimeout(() => process.exit(exitCode), 10_000).unref();
    process.exitCode = exitCode;
  };
  const stop = (): void => {
    log.info('shutting down');
    stopAll(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log.info({ processes: count }, `starting ${count} server processes`);
  for (let i = 0; i < count; i++) fork(i);
}

/**
 * In a copy, first thing: answers the primary's requests for this copy's registry (none until
 * `serve(registry)`, so a copy still starting never stalls a scrape), and gives /metrics the text
 * of every copy's registry, summed by the primary.
 */
export function joinClusterMetrics(): { serve(registry: Registry): void; text(): Promise<string> } {
  // Constructing one adds prom-client's listener that answers the primary with this copy's registries.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([]);
  let next = 0;
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isMetricsReply(message)) return;
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) w?.reject(new Error(`metrics of the server processes: ${message.error}`));
    else w?.resolve(message.text ?? '');
  });
  return {
    serve: (registry) => AggregatorRegistry.setRegistries([registry]),
    text: () =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        process.send!({ type: METRICS, id });
      }),
  };
}

function isMetricsMessage(m: unknown): m is { type: string; id: number; text?: string; error?: string } {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === METRICS && typeof (m as { id?: unknown }).id === 'number';
}

const isMetricsRequest = (m: unknown): m is { type: string; id: number } => isMetricsMessage(m) && !('text' in m) && !('error' in m);
const isMetricsReply = (m: unknown): m is { type: string; id: number; text?: string; error?: string } => isMetricsMessage(m) && ('text' in m || 'error' in m);
