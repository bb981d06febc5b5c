import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { PluginRegistry } from '../../src/plugins/registry.ts';
import { definePlugin } from '../../src/plugins/types.ts';
import { RealtimeService, RealtimeSourceError, defineFetcher, fetchJson, type FetcherDefinition } from '../../src/realtime/index.ts';
import { startUpstream, type Reply, type Upstream } from '../helpers/upstream.ts';

const log = createLogger('silent');
const Value = z.object({ v: z.string() });
type Opts = { baseUrl: string };

let up: Upstream;
let redis: Redis;
let prefix: string;
let now = 1_000_000;

const getV = (key: string, ctx: { signal: AbortSignal; options: Opts }) =>
  fetchJson(`${ctx.options.baseUrl}/v?k=${encodeURIComponent(key)}`, Value, { signal: ctx.signal, label: 'test' }).then((r) => r.v);

function service(fetchers: Record<string, FetcherDefinition<any, any, Opts>>, o: { prefix?: string } = {}) {
  const registry = new PluginRegistry();
  registry.add(definePlugin<Opts>({ name: 'src', fetchers }), { baseUrl: up.url }, log);
  return new RealtimeService({ redis, prefix: o.prefix ?? prefix, registry, log, clock: () => now });
}

const fails = (p: Promise<unknown>) => p.then(() => expect.unreachable('should fail'), (e: RealtimeSourceError) => e);

beforeAll(async () => {
  up = await startUpstream();
  redis = new Redis();
});
afterAll(async () => {
  await up.close();
  redis.disconnect();
});
afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.unlink(...keys);
});

describe('realtime fetchers', () => {
  const fresh = () => {
    prefix = `cgtest-rt-${randomUUID().slice(0, 8)}`;
    up.requests.length = 0;
    up.maxInFlight = 0;
    up.handle((url) => ({ body: { v: `value of ${url.searchParams.get('k')}` } }));
  };

  it('dedupes keys within a request and batches cache reads; the cache is shared and tenant-scoped', async () => {
    fresh();
    const def = defineFetcher<string, string, Opts>({ fetch: getV });
    const a = service({ def });
    const rq = a.forRequest('t1');
    const got = await Promise.all(['x', 'y', 'x', 'x'].map((k) => rq.load(def, k)));
    expect(got.map((g) => g.value)).toEqual(['value of x', 'value of y', 'value of x', 'value of x']);
    expect(got[0]).toMatchObject({ cached: false, fetchedAt: now });
    expect(up.requests).toHaveLength(2);
    // Another replica (its own service and process state) on the same Redis reads the cache.
    const b = service({ def });
    expect(await b.forRequest('t1').load(def, 'x')).toEqual({ value: 'value of x', fetchedAt: now, cached: true });
    expect(up.requests).toHaveLength(2);
    // Another tenant does not see t1's cache.
    await b.forRequest('t2').load(def, 'x');
    expect(up.requests).toHaveLength(3);
    expect(await redis.pttl(`${prefix}:{t1}:rt:src:def:x`)).toBeGreaterThan(0);
  });

  it('fetchMany answers a batch in one call, an Error in the slot of a failed key', async () => {
    fresh();
    const def = defineFetcher<string, string, Opts>({
      fetch: getV,
      fetchMany: async (keys, ctx) => {
        const r = await fetchJson(`${ctx.options.baseUrl}/many?k=${keys.join(',')}`, z.array(z.string().nullable()), { signal: ctx.signal });
        return r.map((v) => v ?? new Error('no such key'));
      },
    });
    up.handle((url) => ({ body: url.searchParams.get('k')!.split(',').map((k) => (k === 'bad' ? null : `v-${k}`)) }));
    const rq = service({ def }).forRequest('t1');
    const [a, b, bad] = await Promise.allSettled(['a', 'b', 'bad'].map((k) => rq.load(def, k)));
    expect(up.requests).toHaveLength(1);
    expect(a).toMatchObject({ status: 'fulfilled', value: { value: 'v-a' } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { value: 'v-b' } });
    expect(bad).toMatchObject({ status: 'rejected', reason: { extensions: { code: 'SOURCE_FAILED', source: 'src' } } });
  });

  it('a hung source times out with SOURCE_TIMEOUT and is not retried', async () => {
    fresh();
    up.handle(async () => {
      await up.hold();
      return { body: { v: 'late' } };
    });
    const def = defineFetcher<string, string, Opts>({ fetch: getV, timeout: 30, retries: 3 });
    const err = await fails(service({ def }).forRequest('t1').load(def, 'x'));
    up.release();
    expect(err).toBeInstanceOf(RealtimeSourceError);
    expect(err.extensions).toMatchObject({ code: 'SOURCE_TIMEOUT', source: 'src', fetcher: 'def' });
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(up.requests).toHaveLength(1);
  });

  it('retries 5xx and 429 (honouring Retry-After), then answers', async () => {
    fresh();
    let n = 0;
    up.handle(() => {
      n += 1;
      if (n === 1) return { status: 503, body: 'busy' };
      if (n === 2) return { status: 429, headers: { 'retry-after': '0' }, body: 'slow down' };
      return { body: { v: 'ok' } };
    });
    const def = defineFetcher<string, string, Opts>({ fetch: getV, retryDelay: 1 });
    expect((await service({ def }).forRequest('t1').load(def, 'x')).value).toBe('ok');
    expect(up.requests).toHaveLength(3);
  });

  it('gives up at once when Retry-After is longer than maxRetryDelay, on a 4xx, and on a non-idempotent 5xx', async () => {
    fresh();
    up.handle(() => ({ status: 429, headers: { 'retry-after': '3600' }, body: 'quota' }));
    const def = defineFetcher<string, string, Opts>({ fetch: getV, retryDelay: 1 });
    const e1 = await fails(service({ def }).forRequest('t1').load(def, 'x'));
    expect(e1.extensions).toMatchObject({ code: 'SOURCE_FAILED', status: 429 });
    expect(up.requests).toHaveLength(1);

    up.handle(() => ({ status: 404, body: 'nope' }));
    const e2 = await fails(service({ def }).forRequest('t1').load(def, 'y'));
    expect(e2.extensions).toMatchObject({ code: 'SOURCE_FAILED', status: 404 });
    expect(up.requests).toHaveLength(2);

    up.handle(() => ({ status: 500, body: 'boom' }));
    const post = defineFetcher<string, string, Opts>({ fetch: getV, retryDelay: 1, idempotent: false });
    await fails(service({ post }).forRequest('t1').load(post, 'z'));
    expect(up.requests).toHaveLength(3);
  });

  it('a malformed answer is SOURCE_MALFORMED, not retried, not cached', async () => {
    fresh();
    up.handle(() => ({ body: '{"v": 12' }));
    const def = defineFetcher<string, string, Opts>({ fetch: getV, retryDelay: 1 });
    const svc = service({ def });
    expect((await fails(svc.forRequest('t1').load(def, 'x'))).extensions).toMatchObject({ code: 'SOURCE_MALFORMED' });
    up.handle(() => ({ body: { v: 12 } }));
    const e = await fails(svc.forRequest('t1').load(def, 'x'));
    expect(e.message).toMatch(/unexpected shape \(v: /);
    expect(up.requests).toHaveLength(2);
  });

  it('fetchJson follows redirects, as fetch() would, and asks for an uncompressed answer', async () => {
    fresh();
    const encodings: (string | undefined)[] = [];
    up.handle((url, req): Reply => {
      encodings.push(req.headers['accept-encoding']);
      if (url.pathname === '/v') return { status: 302, headers: { location: `/moved?k=${url.searchParams.get('k')}` }, body: '' };
      return { body: { v: `moved ${url.searchParams.get('k')}` } };
    });
    const def = defineFetcher<string, string, Opts>({ fetch: getV });
    expect((await service({ def }).forRequest('t1').load(def, 'x')).value).toBe('moved x');
    expect(up.requests.map((u) => u.pathname)).toEqual(['/v', '/moved']);
    expect(encodings).toEqual(['identity', 'identity']);
  });

  it('a source that refuses connections is SOURCE_FAILED "could not reach", retried when idempotent', async () => {
    fresh();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    let attempts = 0;
    const def = defineFetcher<string, string, Opts>({
      fetch: (key, ctx) => {
        attempts++;
        return getV(key, { ...ctx, options: { baseUrl: `http://127.0.0.1:${port}` } });
      },
      retries: 2,
      retryDelay: 1,
    });
    const e = await fails(service({ def }).forRequest('t1').load(def, 'x'));
    expect(e.extensions).toMatchObject({ code: 'SOURCE_FAILED' });
    expect(e.message).toMatch(/could not reach the source/);
    expect(attempts).toBe(3);
  });

  it('the breaker opens after repeated failures, then lets one probe through after the cooldown', async () => {
    fresh();
    up.handle(() => ({ status: 500, body: 'down' }));
    const def = defineFetcher<string, string, Opts>({ fetch: getV, retries: 0, breaker: { failures: 2, cooldown: '10s' } });
    const svc = service({ def });
    for (const k of ['a', 'b']) expect((await fails(svc.forRequest('t1').load(def, k))).extensions.code).toBe('SOURCE_FAILED');
    expect(svc.status()).toEqual([{ plugin: 'src', fetcher: 'def', breaker: 'open', inFlight: 0 }]);
    expect((await fails(svc.forRequest('t1').load(def, 'c'))).extensions.code).toBe('SOURCE_UNAVAILABLE');
    expect(up.requests).toHaveLength(2);

    now += 10_000;
    expect(svc.status()[0]?.breaker).toBe('half-open');
    expect((await fails(svc.forRequest('t1').load(def, 'd'))).extensions.code).toBe('SOURCE_FAILED');
    expect(svc.status()[0]?.breaker).toBe('open');
    expect(up.requests).toHaveLength(3);

    now += 10_000;
    up.handle(() => ({ body: { v: 'back' } }));
    expect((await svc.forRequest('t1').load(def, 'e')).value).toBe('back');
    expect(svc.status()[0]?.breaker).toBe('closed');
  });

  it('caps calls in flight; waiting calls go out as slots free up', async () => {
    fresh();
    up.handle(async (url) => {
      await up.hold();
      return { body: { v: url.searchParams.get('k') } };
    });
    const def = defineFetcher<string, string, Opts>({ fetch: getV, concurrency: 2, timeout: 5000 });
    const svc = service({ def });
    const pending = Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => svc.forRequest('t1').load(def, k)));
    while (up.requests.length < 2) await new Promise((r) => setImmediate(r));
    expect(svc.status()[0]?.inFlight).toBe(2);
    while (up.requests.length < 5) {
      up.release();
      await new Promise((r) => setImmediate(r));
    }
    up.release();
    expect((await pending).map((f) => f.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(up.maxInFlight).toBe(2);
  });

  it('refuses bad fetcher options at start, all at once', () => {
    fresh();
    expect(() => service({ def: { fetch: getV, timeout: 'soon', concurrency: 0 } as FetcherDefinition<any, any, Opts> })).toThrow(
      /fetcher "def": timeout must be a positive duration.*; concurrency must be an integer >= 1/,
    );
  });
});
