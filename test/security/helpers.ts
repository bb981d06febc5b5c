// Keys of two tenants for the security tests, and a small SSE client for subscriptions.
import type { Gateway } from '../../src/server/gateway.ts';

type Fetcher = Pick<Gateway, 'fetch'>;

export const KEYS = {
  aAdmin: { key: 'a-admin-key-0001', tenant: 'a', scopes: ['read', 'write', 'admin'] as const },
  aRead: { key: 'a-read-key-00001', tenant: 'a', scopes: ['read'] as const },
  aWrite: { key: 'a-write-key-0001', tenant: 'a', scopes: ['write'] as const },
  bAdmin: { key: 'b-admin-key-0001', tenant: 'b', scopes: ['read', 'write', 'admin'] as const },
};
export const apiKeys = Object.values(KEYS).map((k) => ({ ...k, scopes: [...k.scopes] }));

export const bearer = (k: { key: string }): Record<string, string> => ({ authorization: `Bearer ${k.key}` });

/** POST /v1/events?wait=true as the given key. */
export async function postEvents(gw: Fetcher, events: unknown[], headers: Record<string, string>): Promise<Response> {
  return gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(events) });
}

export interface Sse {
  status: number;
  /** The next `next` event's payload, or null when the stream completed. */
  next(): Promise<any>;
  close(): void;
}

/** A GraphQL subscription over Server-Sent Events (GET /graphql, Accept: text/event-stream). */
export async function subscribe(gw: Fetcher, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Sse> {
  const url = `http://gw/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  const abort = new AbortController();
  const res = await gw.fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<any> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('event: complete')) return null;
        const data = /^event: next\ndata: (.*)$/s.exec(frame);
        if (data) return JSON.parse(data[1]!);
        continue; // keep-alive comments
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { status: res.status, next, close: () => abort.abort() };
}
