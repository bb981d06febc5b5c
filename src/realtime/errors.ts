// Realtime failures: internal errors a fetcher throws (classified for retries and the breaker) and
// the client-facing GraphQLError a field resolves with, carrying `extensions.code` and `source`.
import { GraphQLError } from 'graphql';

export const RealtimeCode = {
  /** No answer within the fetcher's timeout (or no free slot in time). */
  SOURCE_TIMEOUT: 'SOURCE_TIMEOUT',
  /** The source answered with an error (after retries), or could not be reached. */
  SOURCE_FAILED: 'SOURCE_FAILED',
  /** The source answered, but not in the shape expected. */
  SOURCE_MALFORMED: 'SOURCE_MALFORMED',
  /** Not called: the circuit is open, or the source is not configured (e.g. no API key). */
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
} as const;
export type RealtimeCode = (typeof RealtimeCode)[keyof typeof RealtimeCode];

/** A non-2xx answer. `retryAfterMs` comes from a `Retry-After` header. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** A 2xx answer that is not the expected JSON. Never retried. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponseError';
  }
}

/** The source is deliberately not called (e.g. not configured). Not counted by the breaker. */
export class SourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

/** What a realtime field resolves with on failure; `code` mirrors `extensions.code` for `Context.errors`. */
export class RealtimeSourceError extends GraphQLError {
  readonly code: RealtimeCode;
  /** The plugin (as `extensions.source`); GraphQLError's own `source` is the query text. */
  readonly sourceName: string;

  constructor(code: RealtimeCode, source: string, fetcher: string, message: string, status?: number) {
    super(`${source}: ${message}`, { extensions: { code, source, fetcher, ...(status ? { status } : {}) } });
    this.code = code;
    this.sourceName = source;
  }
}

/** Whether a failed attempt may be repeated, given whether the call is idempotent. */
export function retryable(err: unknown, idempotent: boolean): boolean {
  if (err instanceof UpstreamError) return err.status === 429 || (idempotent && err.status >= 500);
  return idempotent && isNetworkError(err);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The connection failed or reset (a bug in plugin code is not one): fetch() rejects with a
 * TypeError "fetch failed"; undici's request (fetchJson) with its socket errors, or a system error
 * code when the connection is refused.
 */
export const isNetworkError = (err: unknown): boolean => {
  if (err instanceof TypeError && err.message === 'fetch failed') return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (NETWORK_CODES.has(code) || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_CLOSED');
};

/** Whether the failure says something about the source's health (a 404 for one key does not). */
export function countsAgainstSource(err: unknown): boolean {
  if (err instanceof UpstreamError) return err.status === 429 || err.status >= 500;
  return !(err instanceof SourceUnavailableError);
}
