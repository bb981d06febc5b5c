// 401 for a missing or unknown key on every route, 403 for a missing scope, and which routes are open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { KEYS, apiKeys, bearer, postEvents, subscribe } from './helpers.ts';

const NONE = {};
const WRONG = { authorization: 'Bearer not-a-configured-key' };
const event = { id: 'e1', type: 'page.viewed', customerId: 'c1', timestamp: new Date(Date.now() - 1000).toISOString() };

describe('authentication and scopes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ auth: { apiKeys } });
  });
  afterAll(async () => gw.cleanup());

  describe('401 for a missing or unknown key', () => {
    it('POST /graphql', async () => {
      for (const [headers, message] of [[NONE, /missing API key.*Authorization: Bearer/], [WRONG, /unknown API key/]] as const) {
        const res = await gw.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ sources { name } }' }) });
        expect(res.status).toBe(401);
        const body = await res.json();
        expect(body.data).toBeUndefined();
        expect(body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
      }
    });

    it('GET /graphql', async () => {
      const res = await gw.fetch(`http://gw/graphql?query=${encodeURIComponent('{ sources { name } }')}`, { headers: { 'x-api-key': 'wrong-key-123' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('subscriptions over SSE', async () => {
      const sub = await subscribe(gw, `subscription { alerts { id } }`, {}, NONE);
      expect(sub.status).toBe(401);
      expect((await sub.next()).errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(await sub.next()).toBeNull();
    });

    it('POST /v1/events', async () => {
      for (const headers of [NONE, WRONG]) {
        const res = await postEvents(gw, [event], headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('GET /metrics (it counts every tenant\'s traffic)', async () => {
      const res = await gw.fetch('http://gw/metrics');
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('403 for a missing scope', () => {
    const forbidden = (r: { errors?: any[] }, scope: string) =>
      expect(r.errors).toEqual([expect.objectContaining({ message: `this API key lacks the "${scope}" scope`, extensions: { code: 'FORBIDDEN' } })]);

    it('queries need read', async () => {
      for (const q of ['{ customer(id: "c1") { id } }', '{ customers(ids: ["c1"]) { id } }', '{ sources { name } }']) {
        forbidden(await gw.gql(q, {}, bearer(KEYS.aWrite)), 'read');
      }
    });

    it('Mutation.ingest needs write, and answers HTTP 403', async () => {
      const res = await gw.fetch('http://gw/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(KEYS.aRead) },
        body: JSON.stringify({ query: 'mutation($e: [EventInput!]!) { ingest(events: $e) { accepted } }', variables: { e: [event] } }),
      });
      expect(res.status).toBe(403);
      forbidden(await res.json(), 'write');
    });

    it('Mutation.forgetCustomer needs admin', async () => {
      forbidden(await gw.gql('mutation { forgetCustomer(id: "c1") }', {}, bearer(KEYS.aWrite)), 'admin');
      forbidden(await gw.gql('mutation { forgetCustomer(id: "c1") }', {}, bearer(KEYS.aRead)), 'admin');
    });

    it('subscriptions need read', async () => {
      const sub = await subscribe(gw, `subscription { events(customerId: "c1") { id } }`, {}, bearer(KEYS.aWrite));
      forbidden(await sub.next(), 'read');
      sub.close();
    });

    it('POST /v1/events needs write', async () => {
      const res = await postEvents(gw, [event], bearer(KEYS.aRead));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'this API key lacks the "write" scope' } });
    });

    it('GET /metrics needs admin', async () => {
      const res = await gw.fetch('http://gw/metrics', { headers: bearer(KEYS.aRead) });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
      expect((await gw.fetch('http://gw/metrics', { headers: bearer(KEYS.aAdmin) })).status).toBe(200);
    });
  });

  it('both key headers work: Authorization: Bearer and x-api-key', async () => {
    expect((await gw.gql('{ sources { name } }', {}, bearer(KEYS.aRead))).errors).toBeUndefined();
    expect((await gw.gql('{ sources { name } }', {}, { 'x-api-key': KEYS.aRead.key })).errors).toBeUndefined();
  });

  it('/healthz and /readyz stay open for probes', async () => {
    expect((await gw.fetch('http://gw/healthz')).status).toBe(200);
    expect((await gw.fetch('http://gw/readyz')).status).toBe(200);
  });
});

describe('auth options', () => {
  it('auth.publicMetrics opens /metrics to a scraper without a key', async () => {
    const gw = await startTestGateway({ auth: { apiKeys, publicMetrics: true } });
    try {
      expect((await gw.fetch('http://gw/metrics')).status).toBe(200);
    } finally {
      await gw.cleanup();
    }
  });

  it('without keys the gateway is open on tenant "default", /metrics included', async () => {
    const gw = await startTestGateway();
    try {
      expect((await gw.fetch('http://gw/metrics')).status).toBe(200);
      await postEvents(gw, [{ ...event, type: 'profile.updated', payload: { attributes: { x: 1 } } }], NONE);
      expect(await gw.redis.exists(`${gw.prefix}:{default:c1}:attr`)).toBe(1);
    } finally {
      await gw.cleanup();
    }
  });
});
