// `serve` on several processes (config `processes`, env WEB_CONCURRENCY, `--processes`): node:cluster
// forks copies of the server that share the port, so GraphQL reads use every core. The primary only
// supervises: it restarts a copy that dies after it started listening, stops all on SIGINT/SIGTERM,
// and answers the copies' /metrics with the sum of the registries of every copy that listens.
// Copy 0 alone runs the in-process queue worker and the demo loader, so the embedded vector store
// keeps one writer; the others read (docs/operations.md, "Several processes").
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';

/** Set in every copy's environment: its index, 0 to N-1. */
export const PROCESS_INDEX_ENV = 'CG_PROCESS_INDEX';
/** A copy asks the primary for everyone's metrics (METRICS), the primary asks each copy for its part (PART). */
const METRICS = 'cg:metrics';
const PART = 'cg:metrics-part';
/** A scrape fails, naming the copies that did not answer, after this long. */
const GATHER_TIMEOUT_MS = 3_000;

/** One copy's registry as prom-client's aggregator takes it. */
type Part = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
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
  const copies = new Map<Worker, Started>();
  const gather = gatherer(copies);
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
    if (isPart(message)) return gather.part(worker, message);
    if (!isMetricsRequest(message)) return;
    gather.all().then(
      (text) => worker.send({ type: METRICS, id: message.id, text }),
      (err: Error) => worker.send({ type: METRICS, id: message.id, error: err.message }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    const c = copies.get(worker);
    copies.delete(worker);
    gather.gone(worker);
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

interface Gathering {
  waiting: Map<Worker, number>;
  parts: Part[];
  done(err: Error | undefined): void;
}

/**
 * The primary's side of a scrape: asks every copy that listens for its registry and sums them
 * (prom-client's aggregator). A copy still starting is not asked (it serves nothing yet, and may not
 * answer for seconds); one that dies meanwhile is not waited for (its counters died with it).
 */
function gatherer(copies: Map<Worker, Started>) {
  const open = new Map<number, Gathering>();
  let next = 0;
  const settle = (id: number, g: Gathering): void => {
    if (g.waiting.size > 0) return;
    open.delete(id);
    g.done(undefined);
  };
  return {
    all(): Promise<string> {
      return new Promise((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          open.delete(id);
          const late = [...g.waiting.values()].sort().join(', ');
          reject(new Error(`server process ${late} did not send its metrics within ${GATHER_TIMEOUT_MS} ms`));
        }, GATHER_TIMEOUT_MS);
        const g: Gathering = {
          waiting: new Map(),
          parts: [],
          done: () => {
            clearTimeout(timer);
            AggregatorRegistry.aggregate(g.parts).metrics().then(resolve, reject);
          },
        };
        open.set(id, g);
        for (const [worker, c] of copies) {
          if (!c.listening || !worker.isConnected()) continue;
          g.waiting.set(worker, c.index);
          worker.send({ type: PART, id });
        }
        settle(id, g);
      });
    },
    part(worker: Worker, message: { id: number; metrics?: Part }): void {
      const g = open.get(message.id);
      if (!g || !g.waiting.delete(worker)) return;
      g.parts.push(message.metrics ?? []);
      settle(message.id, g);
    },
    gone(worker: Worker): void {
      for (const [id, g] of open) if (g.waiting.delete(worker)) settle(id, g);
    },
  };
}

/**
 * In a copy, first thing: answers the primary's requests for this copy's registry (an empty one
 * until `serve(registry)`), and gives /metrics the text of every listening copy's registry, summed
 * by the primary.
 */
export function joinClusterMetrics(): { serve(registry: Registry): void; text(): Promise<string> } {
  let mine: Registry | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (isPartRequest(message)) {
      const reply = (metrics: Part) => process.send!({ type: PART, id: message.id, metrics });
      void (mine ? mine.getMetricsAsJSON() : Promise.resolve([])).then(reply, () => reply([]));
      return;
    }
    if (!isMetricsReply(message)) return;
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) w?.reject(new Error(`metrics of the server processes: ${message.error}`));
    else w?.resolve(message.text ?? '');
  });
  return {
    serve: (registry) => void (mine = registry),
    text: () =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        process.send!({ type: METRICS, id });
      }),
  };
}

interface Message {
  type: string;
  id: number;
  text?: string;
  error?: string;
  metrics?: Part;
}

const isMessage = (m: unknown, type: string): m is Message =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === type && typeof (m as { id?: unknown }).id === 'number';

const isMetricsRequest = (m: unknown): m is Message => isMessage(m, METRICS) && !('text' in m) && !('error' in m);
const isMetricsReply = (m: unknown): m is Message => isMessage(m, METRICS) && ('text' in m || 'error' in m);
/** From the primary to a copy: no `metrics`; from a copy back: with them. */
const isPartRequest = (m: unknown): m is Message => isMessage(m, PART) && !('metrics' in m);
const isPart = (m: unknown): m is Message => isMessage(m, PART) && 'metrics' in m;
