import { createYoga, createSchema } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from '../../src/server/body-limit.ts';

// No Redis needed: the plugin only looks at the request.
const yoga = createYoga({
  schema: createSchema({ typeDefs: /* GraphQL */ 'type Query { echo(s: String): String }', resolvers: { Query: { echo: (_: unknown, a: { s: string }) => a.s } } }),
  maxRequestBodySize: false,
  plugins: [useBodyLimit(100)],
  logging: false,
});

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);

const chunked = (text: string) => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(text)), c.close()) });

describe('useBodyLimit: /graphql body limit', () => {
  it('answers a body within the limit', async () => {
    const res = await post(JSON.stringify({ query: '{ echo(s: "hi") }' }));
    expect(await res.json()).toEqual({ data: { echo: 'hi' } });
  });

  it('refuses a declared Content-Length over the limit with 413', async () => {
    const body = JSON.stringify({ query: `{ echo(s: "${'x'.repeat(200)}") }` });
    const res = await post(body, { 'content-length': String(body.length) });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0]).toMatchObject({ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
  });

  it('refuses an invalid Content-Length with 400', async () => {
    const res = await post('{}', { 'content-length': '1, 2' });
    expect(res.status).toBe(400);
  });

  it('counts a body without Content-Length as it streams', async () => {
    const res = await post(chunked(JSON.stringify({ query: `{ echo(s: "${'x'.repeat(200)}") }` })));
    expect(res.status).toBe(413);
    const ok = await post(chunked(JSON.stringify({ query: '{ echo(s: "ok") }' })));
    expect(await ok.json()).toEqual({ data: { echo: 'ok' } });
  });
});
