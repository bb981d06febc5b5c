// Runs apply.lua: all new events of one or more key bases applied atomically, idempotent by event id.
import { readFileSync } from 'node:fs';
import type { ChainableCommander, Redis } from 'ioredis';
import { encodeApply, type ApplyGroup, type ApplyLimits } from './encode.ts';
import type { ApplyItem } from './ops.ts';

export type { ApplyGroup, ApplyLimits } from './encode.ts';

const LUA = readFileSync(new URL('./apply.lua', import.meta.url), 'utf8');

/** Outcome per item, in order. */
export type ApplyFlag = 'applied' | 'duplicate' | 'too_old';
const FLAGS: Record<number, ApplyFlag> = { 1: 'applied', 0: 'duplicate', [-1]: 'too_old' };

/**
 * Items per script call when several bases share one (not on Cluster). Big enough that the fixed
 * cost of a call (~8 µs of Redis CPU) is spread thin, small enough that one call does not hold
 * Redis for long. @default 200
 */
export const ITEMS_PER_CALL = 200;

type WithApply = { cgApply(n: number, ...keysAndArg: (string | Buffer)[]): Promise<number[]> };

/** Registers the script on a connection (EVALSHA with automatic fallback to EVAL). */
export function defineApply(redis: Redis): void {
  if (!(redis as unknown as Partial<WithApply>).cgApply) redis.defineCommand('cgApply', { lua: LUA });
}

/** On Cluster the keys of one call must share a slot, so each base gets a call of its own. */
export const isCluster = (redis: Redis): boolean => (redis as unknown as { isCluster?: boolean }).isCluster === true;

/** Splits groups into calls: one base per call on Cluster, else up to ITEMS_PER_CALL items. */
export function callsOf<G extends ApplyGroup>(groups: G[], oneBasePerCall: boolean): G[][] {
  if (oneBasePerCall) return groups.map((g) => [g]);
  const calls: G[][] = [];
  let cur: G[] = [];
  let n = 0;
  for (const g of groups) {
    if (cur.length && n + g.items.length > ITEMS_PER_CALL) {
      calls.push(cur);
      cur = [];
      n = 0;
    }
    cur.push(g);
    n += g.items.length;
  }
  if (cur.length) calls.push(cur);
  return calls;
}

/** Queues one script call over the groups on a pipeline; its reply is one raw flag per item. */
export function applyOnPipeline(pipeline: ChainableCommander, groups: ApplyGroup[], limits: ApplyLimits): void {
  const { keys, arg } = encodeApply(groups, limits);
  (pipeline as unknown as WithApply).cgApply(keys.length, ...keys, arg);
}

export const parseFlags = (raw: number[]): ApplyFlag[] => raw.map((f) => FLAGS[f] ?? 'duplicate');

/** Applies one base's batch in its own round trip. */
export async function applyBatch(
  redis: Redis,
  base: string,
  items: ApplyItem[],
  limits: ApplyLimits,
): Promise<ApplyFlag[]> {
  defineApply(redis);
  const { keys, arg } = encodeApply([{ base, items }], limits);
  return parseFlags(await (redis as unknown as WithApply).cgApply(1, ...keys, arg));
}
