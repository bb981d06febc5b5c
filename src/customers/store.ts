// Customer-level reads and erasure: whether anything is known, and forgetting everything.
import type { Redis } from 'ioredis';
import { readBatcher } from '../redis/batch.ts';
import { K, customerPattern, keyOf } from '../redis/keys.ts';
import { unlinkMatching } from '../redis/scan.ts';

/** Runs when a customer is forgotten, for data kept outside Redis (e.g. vector documents). */
export type ForgetHook = (tenant: string, customerId: string) => Promise<void>;

export class CustomerStore {
  readonly forgetHooks: ForgetHook[] = [];

  constructor(private readonly redis: Redis) {}

  /** Whether anything at all is known about each customer; one round trip. */
  async exists(bases: readonly string[]): Promise<boolean[]> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const base of bases) p.exists(keyOf(base, K.meta));
    });
    return replies.map(([err, n]) => {
      if (err) throw err;
      return n === 1;
    });
  }

  /** Marks a customer as known (for writes that do not go through events, e.g. memory). */
  async touch(base: string, now: number): Promise<void> {
    await this.redis.hsetnx(keyOf(base, K.meta), 'firstSeenAt', now);
  }

  /**
   * Deletes every key under the customer's base. All of them share one hash tag, so on a
   * Redis Cluster they sit on one node; SCAN runs on every master to be safe.
   */
  async forget(base: string): Promise<number> {
    let deleted = 0;
    for (const node of nodesOf(this.redis)) deleted += await unlinkMatching(node, customerPattern(base));
    return deleted;
  }
}

function nodesOf(redis: Redis): Redis[] {
  const cluster = redis as unknown as { nodes?: (role: string) => Redis[]; isCluster?: boolean };
  return cluster.isCluster && cluster.nodes ? cluster.nodes('master') : [redis];
}
