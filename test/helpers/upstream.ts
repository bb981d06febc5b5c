// A local node:http server standing in for a third-party API: each test scripts its answers,
// including ones that hang until released, so timeouts are tested without timing assertions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is (e.g. malformed JSON, a gzip body). */
  body?: unknown;
}

export type Handler = (url: URL, req: IncomingMessage) => Reply | Promise<Reply>;

export interface Upstream {
  url: string;
  /** Every request's URL, in arrival order. */
  requests: URL[];
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  handle(handler: Handler): void;
  /** A promise a handler can await to hang until `release()` (or close). */
  hold(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startUpstream(handler: Handler = () => ({ body: {} })): Promise<Upstream> {
  let current = handler;
  let releases: (() => void)[] = [];
  const up: Upstream = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    handle: (h) => {
      current = h;
    },
    hold: () => new Promise<void>((resolve) => releases.push(resolve)),
    release: () => {
      const r = releases;
      releases = [];
      r.forEach((f) => f());
    },
    close: async () => {
      up.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    up.requests.push(url);
    up.inFlight += 1;
    up.maxInFlight = Math.max(up.maxInFlight, up.inFlight);
    void Promise.resolve(current(url, req))
      .then((reply) => {
        const body = typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(body);
      })
      .catch(() => res.writeHead(500).end())
      .finally(() => (up.inFlight -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  up.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return up;
}
