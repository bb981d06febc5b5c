// A fetcher's options with defaults applied and durations in ms, checked once at start.
import { parsePositiveDuration as parseDuration } from '../util/duration.ts';
import type { Duration, FetcherDefinition, FetcherSettings } from './types.ts';

export interface FetcherOptions {
  timeoutMs: number;
  cacheTtlMs: number;
  retries: number;
  idempotent: boolean;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  concurrency: number;
  maxBatchSize: number;
  breakerFailures: number;
  breakerCooldownMs: number;
}

function ms(name: string, value: Duration | undefined, fallback: number, problems: string[], zeroOk = false): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : value === '0' ? 0 : parseDuration(value);
  if (n === undefined || !Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) {
    problems.push(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} duration (ms or text like "2s"), got ${JSON.stringify(value)}`);
    return fallback;
  }
  return n;
}

function int(name: string, value: number | undefined, fallback: number, min: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) problems.push(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Options with defaults; `problems` collects every mistake so they can be reported at once. */
export function resolveFetcherOptions(fetcher: FetcherDefinition<any, any, any>, pluginOptions: unknown, problems: string[]): FetcherOptions {
  if (typeof fetcher?.fetch !== 'function') problems.push('fetch must be a function (key, { signal, options }) => Promise<value>');
  const def: FetcherSettings = { ...fetcher, ...fetcher.settings?.(pluginOptions) };
  return {
    timeoutMs: ms('timeout', def.timeout, 2000, problems),
    cacheTtlMs: ms('cacheTtl', def.cacheTtl, 60_000, problems, true),
    retries: int('retries', def.retries, 2, 0, problems),
    idempotent: def.idempotent ?? true,
    retryDelayMs: ms('retryDelay', def.retryDelay, 100, problems, true),
    maxRetryDelayMs: ms('maxRetryDelay', def.maxRetryDelay, 2000, problems, true),
    concurrency: int('concurrency', def.concurrency, 8, 1, problems),
    maxBatchSize: int('maxBatchSize', def.maxBatchSize, 50, 1, problems),
    breakerFailures: int('breaker.failures', def.breaker?.failures, 5, 1, problems),
    breakerCooldownMs: ms('breaker.cooldown', def.breaker?.cooldown, 30_000, problems),
  };
}
