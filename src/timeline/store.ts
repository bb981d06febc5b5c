// Reads of a customer's stored events, newest first, optionally by type and as of a time.
import type { Redis } from 'ioredis';
import type { StoredEvent } from '../events/types.ts';
import { readBatcher } from '../redis/batch.ts';
import { K, keyOf } from '../redis/keys.ts';

export interface TimelineQuery {
  base: string;
  types?: readonly string[] | null;
  limit: number;
  /** ms; only events at or before it. */
  asOf?: number | null;
}

/** Events are scanned in pages when filtering by type, so a rare type still fills its limit. */
const PAGE = 200;

export class TimelineStore {
  constructor(
    private readonly redis: Redis,
    private readonly cap: number,
  ) {}

  /** Runs many queries; unfiltered ones share one pipeline round trip. */
  async read(queries: readonly TimelineQuery[]): Promise<StoredEvent[][]> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const q of queries) {
        const count = q.types?.length ? Math.min(this.cap, Math.max(PAGE, q.limit)) : q.limit;
        p.zrevrangebyscore(keyOf(q.base, K.events), q.asOf ?? '+inf', '-inf', 'LIMIT', 0, count);
      }
    });
    return Promise.all(
      queries.map(async (q, i) => {
        const [err, members] = replies[i] ?? [new Error('no reply'), []];
        if (err) throw err;
        const events = (members as string[]).map((m) => JSON.parse(m) as StoredEvent);
        if (!q.types?.length) return events;
        return this.filterTypes(q, events);
      }),
    );
  }

  private async filterTypes(q: TimelineQuery, firstPage: StoredEvent[]): Promise<StoredEvent[]> {
    const wanted = new Set(q.types);
    const out = firstPage.filter((e) => wanted.has(e.type));
    if (out.length >= q.limit || firstPage.length < PAGE) return out.slice(0, q.limit);
    // Rare type: read the rest of the capped timeline once.
    const rest = await this.redis.zrevrangebyscore(keyOf(q.base, K.events), q.asOf ?? '+inf', '-inf', 'LIMIT', firstPage.length, this.cap);
    for (const m of rest) {
      const e = JSON.parse(m) as StoredEvent;
      if (wanted.has(e.type)) out.push(e);
      if (out.length >= q.limit) break;
    }
    return out;
  }
}
