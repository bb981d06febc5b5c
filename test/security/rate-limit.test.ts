// The per-key rate limit lives in Redis: two gateway replicas on one Redis share each key's budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { keyId } from '../../src/server/auth.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { RateLimiter } from '../../src/server/security/index.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { KEYS, apiKeys, bearer, postEvents } from './helpers.ts';

const QUERY = '{ sources { name } }';

describe('rate limit shared by replicas', () => {
  let one: TestGateway;
  let two: Gateway;
  beforeAll(async () => {
    // A window far longer than the test: the budget cannot reset midway.
    one = await startTestGateway({ auth: { apiKeys }, rateLimit: { requestsPerWindow: 3, window: '1h' } });
    // The second replica: same config (key prefix, queue, Redis), its own connections.
    two = await createGateway(one.config, { logger: createLogger('silent'), worker: false });
  });
  afterAll(async () => {
    await two.close();
    await one.cleanup();
  });

  const gql = (gw: Gateway, headers: Record<string, string>) =>
    gw.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY }) });

  it('spends one budget per key across both replicas, then answers 429 with Retry-After', async () => {
    const A = bearer(KEYS.aRead);
    expect((await gql(one, A)).status).toBe(200);
    expect((await gql(two, A)).status).toBe(200);
    expect((await gql(one, A)).status).toBe(200);
    for (const gw of [two, one]) {
      const res = await gql(gw, A);
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      const body = await res.json();
      expect(body.errors).toEqual([{ message: expect.stringMatching(/rate limit of 3 requests/), extensions: { code: 'RATE_LIMITED', retryAfter } }]);
    }
    // The window is the one Redis key of that API key, with an expiry.
    const key = `${one.prefix}:{a}:ratelimit:${keyId(KEYS.aRead.key)}`;
    expect(Number(await one.redis.get(key))).toBe(5);
    expect(await one.redis.pttl(key)).toBeGreaterThan(0);
  });

  it('counts per key: another key of the same tenant has its own budget', async () => {
    expect((await gql(two, bearer(KEYS.aAdmin))).status).toBe(200);
  });

  it('POST /v1/events shares the budget and answers 429 in its own error shape', async () => {
    const W = bearer(KEYS.aWrite);
    const event = { id: 'r1', type: 'page.viewed', customerId: 'c1', timestamp: new Date(Date.now() - 1000).toISOString() };
    for (let i = 0; i < 3; i++) expect((await postEvents(one, [event], W)).status).toBe(200);
    const res = await postEvents(two, [event], W);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry after \d+ s/), retryAfter: expect.any(Number) } });
  });

  it('MCP and the tool routes answer 429 in their own error shapes', async () => {
    const R = bearer(KEYS.aRead);
    const mcp = (gw: Gateway) =>
      gw.fetch('http://gw/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...R }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    let res = await mcp(one);
    for (let i = 0; i < 5 && res.status !== 429; i++) res = await mcp(two);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ jsonrpc: '2.0', error: { code: -32029, message: expect.stringMatching(/retry after \d+ s/), data: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } }, id: null });
    const tools = await one.fetch('http://gw/tools/openai.json', { headers: R });
    expect(tools.status).toBe(429);
    expect(await tools.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry after/), retryAfter: expect.any(Number) } });
  });

  it('probes are never limited, and a bad key gets 401 rather than 429', async () => {
    for (let i = 0; i < 5; i++) expect((await one.fetch('http://gw/healthz')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await gql(one, { authorization: 'Bearer nope-nope-nope' })).status).toBe(401);
  });
});

describe('RateLimiter', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw.cleanup());

  it('counts in a fixed window and reports what is left', async () => {
    const limiter = new RateLimiter(gw.redis, gw.prefix, { requestsPerWindow: 2, window: 3_600_000 });
    expect(await limiter.hit('default', 'open')).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(await limiter.hit('default', 'open')).toMatchObject({ allowed: true, remaining: 0 });
    const over = await limiter.hit('default', 'open');
    expect(over).toMatchObject({ allowed: false, remaining: 0 });
    expect(over.resetMs).toBeGreaterThan(0);
    expect(over.resetMs).toBeLessThanOrEqual(3_600_000);
  });

  it('re-arms the expiry of a key that lost it (no counter lives forever)', async () => {
    const limiter = new RateLimiter(gw.redis, gw.prefix, { requestsPerWindow: 2, window: 3_600_000 });
    const key = limiter.key('default', 'stuck');
    await gw.redis.set(key, '7');
    expect(await limiter.hit('default', 'stuck')).toMatchObject({ allowed: false });
    expect(await gw.redis.pttl(key)).toBeGreaterThan(0);
  });

  it('when open, the budget is the tenant\'s', async () => {
    const open = await startTestGateway({ rateLimit: { requestsPerWindow: 1, window: '1h' } });
    try {
      expect((await open.gql(QUERY)).errors).toBeUndefined();
      expect((await open.gql(QUERY)).errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(await open.redis.exists(`${open.prefix}:{default}:ratelimit:open`)).toBe(1);
    } finally {
      await open.cleanup();
    }
  });
});
