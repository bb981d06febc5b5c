// The node:http listener's fast path for POST /graphql must answer exactly as yoga does. Every
// request below is sent to the listener over real HTTP and to yoga itself (`yoga.fetch`), and the
// status, content type, rate-limit/auth headers and body are compared; the counts show which path
// answered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { KEYS, apiKeys, bearer } from '../security/helpers.ts';

interface Sent {
  body: string;
  headers?: Record<string, string>;
  path?: string;
}

const Q = 'query($id: ID!) { customer(id: $id) { id attributes { name value } events(limit: 5) { type } } }';

async function listen(gw: TestGateway): Promise<{ server: Server; url: string }> {
  const server = createServer(gw.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Answer {
  status: number;
  type: string | null;
  headers: Record<string, string | null>;
  body: unknown;
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: compare the text
  }
  const pick = ['www-authenticate', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining'];
  return { status: res.status, type: res.headers.get('content-type'), headers: Object.fromEntries(pick.map((h) => [h, res.headers.get(h)])), body };
}

function sender(gw: TestGateway, url: string) {
  const init = (s: Sent): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: s.body });
  return {
    viaListener: async (s: Sent) => read(await fetch(`${url}${s.path ?? '/graphql'}`, init(s))),
    viaYoga: async (s: Sent) => read(await gw.yoga.fetch(`http://gw${s.path ?? '/graphql'}`, init(s))),
  };
}

describe('HTTP listener: the POST /graphql fast path answers as yoga does', () => {
  let gw: TestGateway;
  let server: Server;
  let send: ReturnType<typeof sender>;
  let url: string;

  beforeAll(async () => {
    gw = await startTestGateway({ graphql: { limits: { maxDepth: 6 } } });
    ({ server, url } = await listen(gw));
    send = sender(gw, url);
    const events = [
      { id: 'e1', type: 'profile.updated', timestamp: new Date().toISOString(), customerId: 'c1', payload: { attributes: { name: 'Ada', tier: 'gold' } } },
    ];
    const r = await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
    expect(r.status).toBe(200);
  });
  afterAll(async () => {
    server.close();
    await gw.cleanup();
  });

  const fast: [string, Sent][] = [
    ['a query with variables', { body: JSON.stringify({ query: Q, variables: { id: 'c1' } }) }],
    ['an unknown customer (null)', { body: JSON.stringify({ query: Q, variables: { id: 'nobody' } }) }],
    ['one operation of several, by name', { body: JSON.stringify({ query: `query A { sources { name } } query B { customer(id: "c1") { id } }`, operationName: 'B' }) }],
    ['variables: null and extensions', { body: JSON.stringify({ query: '{ sources { name } }', variables: null, extensions: {} }) }],
    ['a variable of the wrong type', { body: JSON.stringify({ query: Q, variables: { id: { no: 1 } } }) }],
    ['a missing required variable', { body: JSON.stringify({ query: Q }) }],
    ['a resolver error (bad argument value)', { body: JSON.stringify({ query: '{ customer(id: "c1") { events(limit: -1) { type } } }' }) }],
    ['a mutation', { body: JSON.stringify({ query: 'mutation { remember(customerId: "c1", text: "prefers aisle seats") { text } }' }) }],
    ['Accept: */*', { body: JSON.stringify({ query: '{ sources { name } }' }), headers: { accept: '*/*' } }],
    ['Accept: application/json', { body: JSON.stringify({ query: '{ sources { name } }' }), headers: { accept: 'application/json' } }],
    ['content type with charset', { body: JSON.stringify({ query: '{ sources { name } }' }), headers: { 'content-type': 'application/json; charset=utf-8' } }],
  ];

  const toYoga: [string, Sent][] = [
    ['malformed JSON', { body: '{"query": ' }],
    ['a JSON array body', { body: JSON.stringify([{ query: '{ sources { name } }' }]) }],
    ['a body without query', { body: JSON.stringify({ variables: {} }) }],
    ['an unknown parameter', { body: JSON.stringify({ query: '{ sources { name } }', foo: 1 }) }],
    ['query not a string', { body: JSON.stringify({ query: 42 }) }],
    ['a syntax error', { body: JSON.stringify({ query: '{ customer(id: "c1") { id ' }) }],
    ['a validation error (unknown field)', { body: JSON.stringify({ query: '{ customer(id: "c1") { idd } }' }) }],
    ['too deep', { body: JSON.stringify({ query: '{ customer(id: "c1") { events { payload customer { events { customer { id } } } } } }' }) }],
    ['an unknown operation name', { body: JSON.stringify({ query: '{ sources { name } }', operationName: 'Nope' }) }],
    ['Accept: application/graphql-response+json', { body: JSON.stringify({ query: '{ sources { name } }' }), headers: { accept: 'application/graphql-response+json' } }],
    ['an Origin header (CORS)', { body: JSON.stringify({ query: '{ sources { name } }' }), headers: { origin: 'http://example.com' } }],
    ['another path', { body: JSON.stringify([]), path: '/v1/events' }],
  ];

  it.each(fast)('%s: answered by the fast path, same answer as yoga', async (_name, sent) => {
    const before = gw.handler.counts.fast;
    const [a, b] = [await send.viaListener(sent), await send.viaYoga(sent)];
    expect(gw.handler.counts.fast).toBe(before + 1);
    expect(a).toEqual(b);
  });

  it.each(toYoga)('%s: handed to yoga, same answer', async (_name, sent) => {
    const before = gw.handler.counts.fast;
    const [a, b] = [await send.viaListener(sent), await send.viaYoga(sent)];
    expect(gw.handler.counts.fast).toBe(before);
    expect(a).toEqual(b);
  });

  it('streams a subscription sent by POST as yoga does (an event stream)', async () => {
    const before = gw.handler.counts.fast;
    const abort = new AbortController();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'subscription { alerts { type } }' }), signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    abort.abort();
    expect(gw.handler.counts.fast).toBe(before);
  });

  it('runs a mutation once when it goes through the fast path', async () => {
    const text = `seat ${Date.now()}`;
    await send.viaListener({ body: JSON.stringify({ query: `mutation { remember(customerId: "c2", text: "${text}") { text } }` }) });
    const res = await gw.gql('{ customer(id: "c2") { memory { text } } }');
    expect(res.data.customer.memory.filter((m: { text: string }) => m.text === text)).toHaveLength(1);
  });

  it("answers an oversize body with yoga's 413", async () => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(25_000_001) });
    expect(res.status).toBe(413);
    expect(gw.handler.counts.yoga).toBeGreaterThan(0);
  });
});

describe('HTTP listener: authentication and rate limits on the fast path', () => {
  let gw: TestGateway;
  let server: Server;
  let send: ReturnType<typeof sender>;

  beforeAll(async () => {
    gw = await startTestGateway({ auth: { apiKeys }, rateLimit: { requestsPerWindow: 3, window: 60_000 } });
    let url: string;
    ({ server, url } = await listen(gw));
    send = sender(gw, url);
  });
  afterAll(async () => {
    server.close();
    await gw.cleanup();
  });

  const body = JSON.stringify({ query: '{ sources { name } }' });

  it('a missing or unknown key gets yoga\'s 401 with WWW-Authenticate', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const [a, b] = [await send.viaListener({ body, headers }), await send.viaYoga({ body, headers })];
      expect(a.status).toBe(401);
      expect(a).toEqual(b);
    }
  });

  it('a read-only key cannot mutate, the same on both paths', async () => {
    const sent = { body: JSON.stringify({ query: 'mutation { remember(customerId: "c1", text: "x") { text } }' }), headers: bearer(KEYS.aRead) };
    const [a, b] = [await send.viaListener(sent), await send.viaYoga(sent)];
    expect(JSON.stringify(a.body)).toContain('FORBIDDEN');
    expect(a).toEqual(b);
  });

  it('spends the key\'s budget once per request and answers 429 past it', async () => {
    const headers = bearer(KEYS.bAdmin);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send.viaListener({ body, headers })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const [a, b] = [await send.viaListener({ body, headers }), await send.viaYoga({ body, headers })];
    expect(a).toEqual({ ...b, headers: { ...b.headers, 'retry-after': a.headers['retry-after'] } });
    expect(a.headers['ratelimit-remaining']).toBe('0');
  });
});
