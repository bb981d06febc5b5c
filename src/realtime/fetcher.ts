// One fetcher at run time: cache first, then the source under the breaker, the concurrency cap,
// a per-attempt timeout and bounded retries. Failures come back as RealtimeSourceError.
import type { Logger } from '../logger.ts';
import { CircuitBreaker } from './breaker.ts';
import type { RealtimeCache } from './cache.ts';
import {
  MalformedResponseError,
  RealtimeCode,
  RealtimeSourceError,
  SourceUnavailableError,
  UpstreamError,
  countsAgainstSource,
  isNetworkError,
  retryable,
} from './errors.ts';
import { ConcurrencyLimit } from './limit.ts';
import type { FetcherOptions } from './options.ts';
import type { FetchContext, Fetched, FetcherDefinition } from './types.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface FetcherHost {
  plugin: string;
  name: string;
  options: unknown;
  cache: RealtimeCache;
  log: Logger;
  clock?: () => number;
}

export class Fetcher<K = any, V = any> {
  readonly breaker: CircuitBreaker;
  readonly limit: ConcurrencyLimit;
  private readonly clock: () => number;

  constructor(
    readonly def: FetcherDefinition<K, V, any>,
    readonly o: FetcherOptions,
    readonly host: FetcherHost,
  ) {
    this.clock = host.clock ?? Date.now;
    this.breaker = new CircuitBreaker(o.breakerFailures, o.breakerCooldownMs, this.clock);
    this.limit = new ConcurrencyLimit(o.concurrency);
  }

  keyOf(key: K): string {
    if (this.def.cacheKey) return this.def.cacheKey(key);
    return typeof key === 'string' ? key : JSON.stringify(key);
  }

  /** One entry per key, in order: the value, or the error of that key. */
  async load(tenant: string, keys: readonly K[]): Promise<(Fetched<V> | RealtimeSourceError)[]> {
    const cacheKeys = keys.map((k) => this.host.cache.key(tenant, this.host.plugin, this.host.name, this.keyOf(k)));
    const cached = this.o.cacheTtlMs > 0 ? await this.host.cache.get(cacheKeys) : keys.map(() => undefined);
    const missing = keys.flatMap((k, i) => (cached[i] ? [] : [i]));
    const fresh = await this.fromSource(tenant, missing.map((i) => keys[i] as K));
    const now = this.clock();
    const out: (Fetched<V> | RealtimeSourceError)[] = cached.map((c) => c as Fetched<V>);
    const toCache: { key: string; value: unknown; fetchedAt: number }[] = [];
    missing.forEach((i, j) => {
      const r = fresh[j];
      if (r instanceof RealtimeSourceError) out[i] = r;
      else {
        out[i] = { value: r as V, fetchedAt: now, cached: false };
        toCache.push({ key: cacheKeys[i] as string, value: r, fetchedAt: now });
      }
    });
    await this.host.cache.set(toCache, this.o.cacheTtlMs);
    return out;
  }

  private async fromSource(tenant: string, keys: readonly K[]): Promise<(V | RealtimeSourceError)[]> {
    const many = this.def.fetchMany?.bind(this.def);
    if (!many) return Promise.all(keys.map((k) => this.call(tenant, (ctx) => this.def.fetch(k, ctx)).catch((e: RealtimeSourceError) => e)));
    const chunks: K[][] = [];
    for (let i = 0; i < keys.length; i += this.o.maxBatchSize) chunks.push(keys.slice(i, i + this.o.maxBatchSize));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const values = await this.call(tenant, (ctx) => many(chunk, ctx));
          return chunk.map((_, i) => (values[i] instanceof Error ? this.toClientError(values[i]) : (values[i] as V)));
        } catch (e) {
          return chunk.map(() => e as RealtimeSourceError);
        }
      }),
    );
    return results.flat();
  }

  /** Runs one source call with the breaker, cap, timeout and retries; throws RealtimeSourceError. */
  private async call<T>(tenant: string, run: (ctx: FetchContext<any>) => Promise<T>): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      throw this.error(RealtimeCode.SOURCE_UNAVAILABLE, `circuit open after ${this.o.breakerFailures} failed calls; next try after the cooldown`);
    }
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.timeout(this.o.timeoutMs);
      try {
        const value = await this.limit.run(signal, () => run({ signal, options: this.host.options, tenant, attempt }));
        this.breaker.success();
        return value;
      } catch (err) {
        const wait = this.retryWait(err, attempt, signal);
        if (wait !== undefined) {
          await sleep(wait);
          continue;
        }
        if (signal.aborted || countsAgainstSource(err)) this.breaker.failure();
        else this.breaker.release();
        throw this.toClientError(err, signal);
      }
    }
  }

  /** ms to wait before the next attempt, or undefined to give up. */
  private retryWait(err: unknown, attempt: number, signal: AbortSignal): number | undefined {
    if (signal.aborted || attempt >= this.o.retries || !retryable(err, this.o.idempotent)) return undefined;
    const hinted = err instanceof UpstreamError ? err.retryAfterMs : undefined;
    if (hinted !== undefined) return hinted <= this.o.maxRetryDelayMs ? hinted : undefined;
    return Math.random() * Math.min(this.o.maxRetryDelayMs, this.o.retryDelayMs * 2 ** attempt);
  }

  private toClientError(err: unknown, signal?: AbortSignal): RealtimeSourceError {
    if (err instanceof RealtimeSourceError) return err;
    if (signal?.aborted) return this.error(RealtimeCode.SOURCE_TIMEOUT, `no answer within ${this.o.timeoutMs} ms`);
    if (err instanceof MalformedResponseError) return this.error(RealtimeCode.SOURCE_MALFORMED, err.message);
    if (err instanceof SourceUnavailableError) return this.error(RealtimeCode.SOURCE_UNAVAILABLE, err.message);
    if (err instanceof UpstreamError) return this.error(RealtimeCode.SOURCE_FAILED, err.message, err.status);
    if (isNetworkError(err)) return this.error(RealtimeCode.SOURCE_FAILED, 'could not reach the source');
    this.host.log.warn({ err, fetcher: this.host.name }, 'realtime fetcher failed');
    return this.error(RealtimeCode.SOURCE_FAILED, (err as Error)?.message ?? String(err));
  }

  private error(code: RealtimeCode, message: string, status?: number): RealtimeSourceError {
    return new RealtimeSourceError(code, this.host.plugin, this.host.name, message, status);
  }
}
