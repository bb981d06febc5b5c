// The fetcher contract: a plugin names its third-party reads (key -> value) and the gateway runs
// them with a timeout, a Redis cache, safe retries, a circuit breaker and a concurrency cap.

/** A duration in ms, or text such as `"2s"`, `"500ms"`, `"10m"`. */
export type Duration = number | string;

/** What a fetcher's `fetch` gets besides the key. */
export interface FetchContext<O = unknown> {
  /** Aborts at the fetcher's timeout; pass it to `fetch()`. */
  signal: AbortSignal;
  /** The plugin's validated options (base URL, API key...). */
  options: O;
  tenant: string;
  /** 0 for the first try, 1 for the first retry... */
  attempt: number;
}

export interface BreakerOptions {
  /** Consecutive failed calls that open the circuit. @default 5 */
  failures?: number;
  /** How long it stays open before one probe call may try again. @default "30s" */
  cooldown?: Duration;
}

/** How a fetcher runs; every field has a default. */
export interface FetcherSettings {
  /** Per attempt, including the wait for a free slot. @default "2s" */
  timeout?: Duration;
  /** How long a value stays in the Redis cache; 0 disables caching. @default "60s" */
  cacheTtl?: Duration;
  /** Extra attempts after a 429, a 5xx or a network error (never after a timeout). @default 2 */
  retries?: number;
  /** Safe to repeat. Non-idempotent calls are retried only after a 429 (the server did not process them). @default true */
  idempotent?: boolean;
  /** First backoff delay; doubles per retry with full jitter. @default "100ms" */
  retryDelay?: Duration;
  /** Longest wait before a retry, `Retry-After` included; a longer `Retry-After` gives up at once. @default "2s" */
  maxRetryDelay?: Duration;
  /** Calls in flight at once per process; more wait (within `timeout`). @default 8 */
  concurrency?: number;
  /** Keys per `fetchMany` call. @default 50 */
  maxBatchSize?: number;
  breaker?: BreakerOptions;
}

export interface FetcherDefinition<K = string, V = unknown, O = unknown> extends FetcherSettings {
  /** One key -> one value. Throw `UpstreamError` (or use `fetchJson`) so retries can tell 429/5xx apart. */
  fetch(key: K, ctx: FetchContext<O>): Promise<V>;
  /**
   * Optional batch call for APIs that take many keys at once: one entry per key, in order, an
   * `Error` in the slot of a failed key. Without it, misses are fetched one by one under `concurrency`.
   */
  fetchMany?(keys: readonly K[], ctx: FetchContext<O>): Promise<readonly (V | Error)[]>;
  /** The key as text: cache key and per-request dedupe. @default the string itself, or JSON of the key */
  cacheKey?(key: K): string;
  /** Settings from the plugin's options (e.g. a timeout the operator configures); they override the fields above. */
  settings?(options: O): FetcherSettings;
}

/** A value with the time it was fetched (from the cache, the time of the original fetch). */
export interface Fetched<V> {
  value: V;
  /** ms */
  fetchedAt: number;
  cached: boolean;
}

/** Identity at runtime; infers the key, value and options types of a fetcher. */
export function defineFetcher<K = string, V = unknown, O = unknown>(def: FetcherDefinition<K, V, O>): FetcherDefinition<K, V, O> {
  return def;
}
