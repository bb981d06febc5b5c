// JSON over HTTP for fetchers: non-2xx answers become UpstreamError (with Retry-After), bodies that
// are not the expected JSON become MalformedResponseError. Sent with undici's `request` on one
// keep-alive agent, following up to 3 redirects as fetch does: half the CPU of a `fetch()` per
// call, which a context with a realtime item pays every time. It asks for no compression (undici's
// decompression is still experimental), so answers come uncompressed.
import { Agent, interceptors, request } from 'undici';
import type { z } from 'zod';
import { MalformedResponseError, UpstreamError } from './errors.ts';

/** `Retry-After` as ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface FetchJsonOptions {
  signal: AbortSignal;
  headers?: Record<string, string>;
  /** Names the source in messages (never the URL, which may carry an API key). */
  label?: string;
}

const agent = new Agent({ keepAliveTimeout: 10_000 }).compose(interceptors.redirect({ maxRedirections: 3 }));

const header = (v: string | string[] | undefined): string | null => (v === undefined ? null : Array.isArray(v) ? (v[0] ?? null) : v);

/** GETs `url` and parses the body with `schema`. */
export async function fetchJson<T>(url: string | URL, schema: z.ZodType<T>, opts: FetchJsonOptions): Promise<T> {
  const label = opts.label ?? 'source';
  const res = await request(url, {
    dispatcher: agent,
    signal: opts.signal,
    headers: { accept: 'application/json', 'accept-encoding': 'identity', ...opts.headers },
  });
  if (res.statusCode < 200 || res.statusCode > 299) {
    const body = (await res.body.text().catch(() => '')).slice(0, 200);
    throw new UpstreamError(res.statusCode, `${label} answered HTTP ${res.statusCode}${body ? `: ${body}` : ''}`, parseRetryAfter(header(res.headers['retry-after'])));
  }
  let data: unknown;
  try {
    data = await res.body.json();
  } catch {
    throw new MalformedResponseError(`${label} answered with a body that is not JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new MalformedResponseError(`${label} answered JSON of an unexpected shape${first ? ` (${first.path.join('.') || 'root'}: ${first.message})` : ''}`);
  }
  return parsed.data;
}
