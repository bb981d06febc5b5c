// Reads a GraphQL subscription over SSE (`accept: text/event-stream`) from a gateway's fetch.
import type { Redis } from 'ioredis';

export interface SseStream {
  /** The next `data` payload of a `next` event, parsed. */
  next(): Promise<any>;
  close(): Promise<void>;
}

export async function subscribe(fetch: (input: string, init?: RequestInit) => Promise<Response>, query: string, variables: Record<string, unknown> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch('http://gw/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new Error(`subscription failed: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queued: any[] = [];
  return {
    async next() {
      while (!queued.length) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (data && !block.includes('event: complete')) queued.push(JSON.parse(data));
        }
      }
      return queued.shift();
    },
    async close() {
      abort.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

/** Resolves once some client listens on a channel starting with `prefix` (the subscription is live). */
export async function untilSubscribed(redis: Redis, prefix: string): Promise<void> {
  for (;;) {
    const channels = (await redis.call('PUBSUB', 'CHANNELS', `${prefix}*`)) as string[];
    if (channels.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
