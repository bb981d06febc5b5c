// Per-key rate limit in Redis, so every replica spends the same budget: a fixed window per API key
// (per tenant when open), counted with one atomic script. Over budget: 429 with Retry-After.
import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { RateLimitConfig } from '../../config/security.ts';
import { ErrorCode } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { tenantBase } from '../../redis/keys.ts';
import type { Authenticator } from '../auth.ts';

// INCR, and start the window on the first hit (or heal a key that lost its expiry).
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly config: RateLimitConfig,
  ) {}

  key(tenant: string, principal: string): string {
    return `${tenantBase(this.prefix, tenant)}:ratelimit:${principal}`;
  }

  async hit(tenant: string, principal: string): Promise<Verdict> {
    const key = this.key(tenant, principal);
    const window = String(this.config.window);
    // EVALSHA keeps the script off the wire; defineCommand would slow every pipeline on this connection.
    const [n, ttl] = (await this.redis.evalsha(SHA, 1, key, window).catch((err: Error) => {
      if (!err.message.includes('NOSCRIPT')) throw err;
      return this.redis.eval(SCRIPT, 1, key, window);
    })) as [number, number];
    const limit = this.config.requestsPerWindow;
    return { allowed: n <= limit, limit, remaining: Math.max(0, limit - n), resetMs: ttl };
  }
}

/** Requests that spend budget: GraphQL and ingestion (and any future API route), not probes. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/** The 429 answer, as status, headers and body (yoga's hook and the fast path in ../http.ts send it). */
export function tooManyAnswer(path: string, v: Verdict): { status: 429; headers: Record<string, string>; body: string } {
  const retryAfter = Math.max(1, Math.ceil(v.resetMs / 1000));
  const message = `rate limit of ${v.limit} requests per window exceeded for this API key; retry after ${retryAfter} s`;
  // Each route's own error shape: ingestion's, JSON-RPC for MCP clients, GraphQL's elsewhere.
  const body =
    path === '/v1/events' || path.startsWith('/tools/')
      ? { error: { code: ErrorCode.RATE_LIMITED, message, retryAfter } }
      : path === '/mcp'
        ? { jsonrpc: '2.0', error: { code: -32029, message, data: { code: ErrorCode.RATE_LIMITED, retryAfter } }, id: null }
        : { errors: [{ message, extensions: { code: ErrorCode.RATE_LIMITED, retryAfter } }] };
  return {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter), 'ratelimit-limit': String(v.limit), 'ratelimit-remaining': '0', 'ratelimit-reset': String(retryAfter) },
    body: JSON.stringify(body),
  };
}

function tooMany(path: string, v: Verdict): Response {
  const { status, headers, body } = tooManyAnswer(path, v);
  return new Response(body, { status, headers });
}

export function useRateLimit(o: { limiter: RateLimiter; auth: Authenticator; log: Logger }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method === 'OPTIONS' || EXEMPT.has(url.pathname)) return;
      // Requests without a valid key are answered 401 downstream; they spend nobody's budget.
      const auth = o.auth.authenticate(request.headers);
      if (!auth.ok) return;
      const verdict = await o.limiter.hit(auth.principal.tenant, auth.principal.id).catch((err: Error) => {
        // Failing open: a Redis hiccup should not turn into refusals (reads would fail anyway).
        o.log.warn({ err: err.message }, 'rate limit check failed; request let through');
        return null;
      });
      if (verdict && !verdict.allowed) endResponse(tooMany(url.pathname, verdict));
    },
  };
}
