// Talks real HTTP to a local node:http server that speaks the OpenAI embeddings wire format.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingError } from '../../src/embeddings/errors.ts';
import { embedderFromEnv } from '../../src/embeddings/index.ts';
import { createOpenAiEmbedder, embeddingsUrl, parseRetryAfter } from '../../src/embeddings/openai.ts';

type Handler = (req: IncomingMessage, body: { model: string; input: string[] }, res: ServerResponse) => void;

interface Fake {
  url: string;
  requests: { body: { model: string; input: string[] }; auth?: string; at: number }[];
}

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

async function fake(handler: Handler): Promise<Fake> {
  const requests: Fake['requests'] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { model: string; input: string[] };
      requests.push({ body, auth: req.headers.authorization, at: Date.now() });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, requests };
}

/** A vector derived from the text so tests can check order: [length, first char code, 0...]. */
const vec = (t: string, dim: number): number[] => [t.length, t.charCodeAt(0), ...Array<number>(dim - 2).fill(0)];

function ok(res: ServerResponse, body: { model: string; input: string[] }, dim = 4, reverse = false): void {
  const data = body.input.map((t, index) => ({ object: 'embedding', index, embedding: vec(t, dim) }));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ object: 'list', data: reverse ? data.reverse() : data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
}

const opts = (url: string) => ({ url, model: 'test-embed', dimension: 4, backoffMs: 1 });

describe('OpenAI-compatible embedder', () => {
  it('posts model and input with the bearer key and returns vectors in input order', async () => {
    const f = await fake((_req, body, res) => ok(res, body, 4, true));
    const e = createOpenAiEmbedder({ ...opts(f.url), apiKey: 'sk-test' });
    expect(await e.embed(['ab', 'xyz'])).toEqual([vec('ab', 4), vec('xyz', 4)]);
    expect(f.requests[0]?.body).toMatchObject({ model: 'test-embed', input: ['ab', 'xyz'] });
    expect(f.requests[0]?.auth).toBe('Bearer sk-test');
  });

  it('splits inputs into batches of maxBatch', async () => {
    const f = await fake((_req, body, res) => ok(res, body));
    const texts = Array.from({ length: 7 }, (_, i) => `t${i}`);
    const out = await createOpenAiEmbedder({ ...opts(f.url), maxBatch: 3 }).embed(texts);
    expect(f.requests.map((r) => r.body.input.length)).toEqual([3, 3, 1]);
    expect(out).toEqual(texts.map((t) => vec(t, 4)));
  });

  it('retries a 429 after the Retry-After delay', async () => {
    const f = await fake((_req, body, res) => {
      if (f.requests.length === 1) {
        res.writeHead(429, { 'retry-after': '1' }).end('{"error":{"message":"rate limited"}}');
      } else ok(res, body);
    });
    expect(await createOpenAiEmbedder(opts(f.url)).embed(['a'])).toEqual([vec('a', 4)]);
    expect(f.requests).toHaveLength(2);
    expect(f.requests[1]!.at - f.requests[0]!.at).toBeGreaterThanOrEqual(900); // honoured, not a timing benchmark
  });

  it('retries a 500 then succeeds', async () => {
    const f = await fake((_req, body, res) => (f.requests.length === 1 ? res.writeHead(500).end('boom') : ok(res, body)));
    expect(await createOpenAiEmbedder(opts(f.url)).embed(['a'])).toHaveLength(1);
    expect(f.requests).toHaveLength(2);
  });

  it('gives up after maxRetries with an error naming the status and body', async () => {
    const f = await fake((_req, _body, res) => res.writeHead(503).end('overloaded, try later'));
    const err = await createOpenAiEmbedder({ ...opts(f.url), maxRetries: 2 }).embed(['a']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingError);
    expect(err).toMatchObject({ code: 'EMBEDDINGS_HTTP', status: 503 });
    expect((err as Error).message).toMatch(/503.*overloaded, try later/);
    expect(f.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const f = await fake((_req, _body, res) => res.writeHead(400).end('{"error":"bad model"}'));
    await expect(createOpenAiEmbedder(opts(f.url)).embed(['a'])).rejects.toThrow(/400.*bad model/);
    expect(f.requests).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    const f = await fake(() => undefined);
    const err = await createOpenAiEmbedder({ ...opts(f.url), timeoutMs: 200, maxRetries: 1 }).embed(['a']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EMBEDDINGS_TIMEOUT' });
    expect((err as Error).message).toMatch(/200 ms/);
    expect(f.requests).toHaveLength(2);
  });

  it('refuses malformed JSON, wrong counts and wrong dimensions', async () => {
    const f = await fake((_req, body, res) => {
      const n = f.requests.length;
      if (n === 1) res.end('{"object":"list","data":[');
      else if (n === 2) res.end(JSON.stringify({ object: 'list', data: [] }));
      else ok(res, body, 3);
    });
    const e = createOpenAiEmbedder({ ...opts(f.url), maxRetries: 0 });
    await expect(e.embed(['a'])).rejects.toMatchObject({ code: 'EMBEDDINGS_BAD_RESPONSE', message: /not JSON/ });
    await expect(e.embed(['a'])).rejects.toThrow(/expected "data" with 1 embeddings, got 0/);
    await expect(e.embed(['a'])).rejects.toThrow(/dimension 3, configured dimension is 4/);
  });
});

describe('embedderFromEnv', () => {
  it('defaults to the offline hashing embedder', async () => {
    expect((await embedderFromEnv({})).model).toBe('hashing-ngram-384-v1');
  });

  it('uses the endpoint and learns its dimension with one probe when none is configured', async () => {
    const f = await fake((_req, body, res) => ok(res, body, 6));
    const e = await embedderFromEnv({ EMBEDDINGS_URL: f.url, EMBEDDINGS_MODEL: 'm', EMBEDDINGS_API_KEY: 'k' });
    expect([e.model, e.dimension]).toEqual(['m', 6]);
    expect(await e.embed(['x'])).toEqual([vec('x', 6)]);
  });

  it('refuses incomplete configuration', async () => {
    await expect(embedderFromEnv({ EMBEDDINGS_URL: 'http://127.0.0.1:1' })).rejects.toThrow(/EMBEDDINGS_MODEL/);
    await expect(embedderFromEnv({ EMBEDDINGS_URL: 'http://x', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSION: 'abc' })).rejects.toThrow(/positive integer/);
  });
});

describe('helpers', () => {
  it('builds the endpoint from any base form', () => {
    expect(embeddingsUrl('http://h:1')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/v1/')).toBe('http://h:1/v1/embeddings');
    expect(embeddingsUrl('http://h:1/v1/embeddings')).toBe('http://h:1/v1/embeddings');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
