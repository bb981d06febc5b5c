// Memory: what a customer told the assistant. A bounded list per customer, newest first.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { readBatcher } from '../redis/batch.ts';
import { K, keyOf } from '../redis/keys.ts';

export interface MemoryItem {
  id: string;
  text: string;
  role: string | null;
  /** ms since the epoch. */
  createdAt: number;
}

export class MemoryStore {
  constructor(
    private readonly redis: Redis,
    /** Items kept per customer; the oldest fall off. */
    readonly cap: number,
  ) {}

  /** Adds an item and marks the customer as known, atomically. */
  async remember(base: string, text: string, role: string | null, now: number): Promise<MemoryItem> {
    const item: MemoryItem = { id: randomUUID(), text, role, createdAt: now };
    await this.redis
      .multi()
      .lpush(keyOf(base, K.memory), JSON.stringify(item))
      .ltrim(keyOf(base, K.memory), 0, this.cap - 1)
      .hsetnx(keyOf(base, K.meta), 'firstSeenAt', now)
      .exec();
    return item;
  }

  /** Newest first, for many customers, sharing the turn's pipeline with every other store read. */
  async recent(queries: readonly { base: string; limit: number }[]): Promise<MemoryItem[][]> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const q of queries) p.lrange(keyOf(q.base, K.memory), 0, q.limit - 1);
    });
    return replies.map(([err, items]) => {
      if (err) throw err;
      return (items as string[]).map((s) => JSON.parse(s) as MemoryItem);
    });
  }
}
