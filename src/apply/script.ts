// Runs apply.lua: all new events of one key base applied atomically, idempotent by event id.
import { readFileSync } from 'node:fs';
import type { ChainableCommander, Redis } from 'ioredis';
import type { ApplyItem } from './ops.ts';

const LUA = readFileSync(new URL('./apply.lua', import.meta.url), 'utf8');

export interface ApplyLimits {
  /** Events kept on a customer's timeline. @default 1000 */
  eventCap: number;
  /** Attribute versions kept per customer for asOf reads. @default 5000 */
  historyCap: number;
  /** Event time (ms) at or before which aggregate updates are refused: now - retention. */
  horizon: number;
  now: number;
}

/** Outcome per item, in order. */
export type ApplyFlag = 'applied' | 'duplicate' | 'too_old';
const FLAGS: Record<number, ApplyFlag> = { 1: 'applied', 0: 'duplicate', [-1]: 'too_old' };

type WithApply = { cgApply(base: string, arg: string): Promise<number[]> };

/** Registers the script on a connection (EVALSHA with automatic fallback to EVAL). */
export function defineApply(redis: Redis): void {
  if (!(redis as unknown as Partial<WithApply>).cgApply) {
    redis.defineCommand('cgApply', { numberOfKeys: 1, lua: LUA });
  }
}

function argOf(items: ApplyItem[], limits: ApplyLimits): string {
  return JSON.stringify({
    items,
    cap: limits.eventCap,
    histCap: limits.historyCap,
    horizon: limits.horizon,
    now: limits.now,
  });
}

/** Queues one base's batch on a pipeline; the result parser maps raw flags to names. */
export function applyOnPipeline(
  pipeline: ChainableCommander,
  base: string,
  items: ApplyItem[],
  limits: ApplyLimits,
): void {
  (pipeline as unknown as WithApply).cgApply(base, argOf(items, limits));
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
  return parseFlags(await (redis as unknown as WithApply).cgApply(base, argOf(items, limits)));
}
