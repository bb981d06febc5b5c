// Read path: plans the few commands one customer's aggregates need (so a DataLoader can put many
// customers on one pipeline) and turns their replies into values with a freshness status.
import type { Redis } from 'ioredis';
import { keyOf } from '../redis/keys.ts';
import type { CompiledAggregation, CompiledAggregations, CompiledWindow } from './compile.ts';
import { AggregateError, AggregateErrorCode } from './errors.ts';
import { emptyState, mergeStates, parseEvents, parseTiles, stateValue, timed, zsetOrder, type KeptEvent } from './merge.ts';
import type { AggFunction } from './spec.ts';
import { aggKeys, bucketOf, LIFE, roundUp, tileOf } from './tiles.ts';

export type Freshness = 'FRESH' | 'STALE' | 'MISSING';

export interface AggregateValue {
  name: string;
  function: AggFunction;
  window: string;
  value: unknown;
  /** The time the value answers for: the asOf asked, or now. */
  asOf: Date;
  status: Freshness;
  /** Why a value is MISSING although events exist (a lifetime value asked before its newest event). */
  reason?: string;
}

export type RedisCommand = [command: string, ...args: string[]];

export interface ReadPlan {
  /** Add these, in order, to a pipeline (or MULTI); pass their replies, in order, to decode. */
  commands: RedisCommand[];
  decode(replies: readonly unknown[]): AggregateValue[];
}

export interface ReadOptions {
  /** Aggregation names; all when omitted. Unknown names are skipped. */
  names?: readonly string[];
  /** Answer as of this event time (ms); now when omitted. */
  asOfMs?: number;
  nowMs: number;
}

const E_FUNCTIONS: readonly AggFunction[] = ['lastN', 'first', 'last'];
export const LIFETIME_BEFORE_NEWEST = 'LIFETIME_ASOF_BEFORE_NEWEST_EVENT';

/** Collects commands and hands back their reply positions. */
class Commands {
  readonly list: RedisCommand[] = [];
  constructor(private readonly base: string) {}
  add(cmd: string, suffixes: string[], ...args: string[]): number {
    this.list.push([cmd, ...suffixes.map((s) => keyOf(this.base, s)), ...args]);
    return this.list.length - 1;
  }
}

interface Ctx {
  a: CompiledAggregation;
  /** The read time: asOf or now. */
  t: number;
  /** The window end: t rounded up to a tile boundary. */
  end: number;
  hasAsOf: boolean;
}

export function statusOf(newest: number | undefined, t: number, ttlMs: number | null): Freshness {
  if (newest === undefined) return 'MISSING';
  return ttlMs !== null && t - newest > ttlMs ? 'STALE' : 'FRESH';
}

const emptyValue = (fn: AggFunction): unknown =>
  fn === 'count' || fn === 'distinct' ? 0 : fn === 'lastN' || fn === 'topK' ? [] : null;

function result(c: Ctx, w: CompiledWindow, value: unknown, newest: number | undefined, reason?: string): AggregateValue {
  const status = reason ? 'MISSING' : statusOf(newest, c.t, c.a.ttlMs);
  const out: AggregateValue = {
    name: c.a.name,
    function: c.a.fn,
    window: w.label,
    value: status === 'MISSING' ? emptyValue(c.a.fn) : value,
    asOf: new Date(c.t),
    status,
  };
  if (reason) out.reason = reason;
  return out;
}

/** First tile of a window ending at `end` (exclusive lower bound end - W). */
const firstTile = (c: Ctx, ms: number): number => tileOf(c.end - ms, c.a.tileMs) + 1;
const lastTile = (c: Ctx): number => tileOf(c.end, c.a.tileMs);

function buckets(c: Ctx, ms: number): number[] {
  const out: number[] = [];
  for (let b = bucketOf(firstTile(c, ms), c.a.tilesPerBucket); b <= bucketOf(lastTile(c), c.a.tilesPerBucket); b++) out.push(b);
  return out;
}

/** Lifetime values answer only for reads at or after their newest event (see docs/aggregates.md). */
const lifetimeTooEarly = (c: Ctx, newest: number | undefined): boolean =>
  c.hasAsOf && newest !== undefined && newest > c.t;

type Decode = (replies: readonly unknown[]) => AggregateValue[];

function planNumeric(c: Ctx, q: Commands): Decode {
  const { a } = c;
  const finite = a.windows.filter((w): w is { label: string; ms: number } => w.ms !== null);
  const vIdx = finite.length ? buckets(c, a.maxWindowMs).map((b) => q.add('zrange', [aggKeys.v(a.name, b)], '0', '-1', 'WITHSCORES')) : [];
  const hIdx = new Map<CompiledWindow, number>();
  if (a.fn === 'distinct') {
    for (const w of finite) {
      const keys: string[] = [];
      for (let i = firstTile(c, w.ms); i <= lastTile(c); i++) keys.push(aggKeys.h(a.name, i));
      hIdx.set(w, q.add('pfcount', keys));
    }
  }
  const lifeV = a.hasLifetime ? q.add('zrange', [aggKeys.v(a.name, 'life')], '0', '-1', 'WITHSCORES') : -1;
  const lifeH = a.hasLifetime && a.fn === 'distinct' ? q.add('pfcount', [aggKeys.h(a.name, 'life')]) : -1;
  return (r) => {
    const tiles = parseTiles(vIdx.map((i) => r[i]));
    return a.windows.map((w) => {
      if (w.ms === null) {
        const st = parseTiles([r[lifeV]]).get(LIFE) ?? emptyState();
        if (lifetimeTooEarly(c, st.t)) return result(c, w, null, st.t, LIFETIME_BEFORE_NEWEST);
        return result(c, w, a.fn === 'distinct' ? Number(r[lifeH]) : stateValue(a.fn, st, a.n), st.t);
      }
      const lo = firstTile(c, w.ms);
      const inWindow = [...tiles].filter(([tag]) => Number(tag) >= lo && Number(tag) <= lastTile(c)).map(([, s]) => s);
      const st = mergeStates(inWindow, a.fn);
      return result(c, w, a.fn === 'distinct' ? Number(r[hIdx.get(w) ?? -1]) : stateValue(a.fn, st, a.n), st.t);
    });
  };
}

function eventsValue(c: Ctx, sorted: KeptEvent[], oldest: KeptEvent | undefined): unknown {
  if (c.a.fn === 'lastN') return sorted.slice(0, c.a.n).map(timed);
  const pick = c.a.fn === 'first' ? oldest : sorted[0];
  return pick ? timed(pick) : null;
}

function planEvents(c: Ctx, q: Commands): Decode {
  const { a } = c;
  const plans = a.windows.map((w) => {
    if (w.ms === null) return { w, newest: [q.add('zrange', [aggKeys.e(a.name, 'life')], '0', '-1', 'WITHSCORES')], oldest: [] as number[] };
    const lo = String(c.end - w.ms);
    const hi = String(c.end);
    const keys = buckets(c, w.ms).map((b) => aggKeys.e(a.name, b));
    const newest = keys.map((k) => q.add('zrange', [k], hi, `(${lo}`, 'BYSCORE', 'REV', 'LIMIT', '0', String(a.n), 'WITHSCORES'));
    const oldest = a.fn === 'first' ? keys.map((k) => q.add('zrange', [k], `(${lo}`, hi, 'BYSCORE', 'LIMIT', '0', '1', 'WITHSCORES')) : [];
    return { w, newest, oldest };
  });
  return (r) =>
    plans.map(({ w, newest, oldest }) => {
      const all = newest.flatMap((i) => parseEvents(r[i])).sort((x, y) => zsetOrder(y, x));
      const first = w.ms === null ? all.at(-1) : oldest.flatMap((i) => parseEvents(r[i])).sort(zsetOrder)[0];
      const top = all[0]?.ts;
      if (w.ms === null && lifetimeTooEarly(c, top)) {
        if (a.fn === 'first' && first && first.ts > c.t) return result(c, w, null, undefined);
        return result(c, w, null, top, LIFETIME_BEFORE_NEWEST);
      }
      return result(c, w, eventsValue(c, all, first), top);
    });
}

/** The commands for one customer base and how to turn their replies into values. */
export function planRead(compiled: CompiledAggregations, base: string, opts: ReadOptions): ReadPlan {
  const q = new Commands(base);
  const t = opts.asOfMs ?? opts.nowMs;
  const wanted = opts.names ? opts.names.flatMap((n) => compiled.byName.get(n) ?? []) : compiled.list;
  const decoders = wanted.map((a) => {
    const c: Ctx = { a, t, end: roundUp(t, a.tileMs), hasAsOf: opts.asOfMs !== undefined };
    return E_FUNCTIONS.includes(a.fn) ? planEvents(c, q) : planNumeric(c, q);
  });
  return { commands: q.list, decode: (replies) => decoders.flatMap((d) => d(replies)) };
}

/** Convenience: one customer's aggregates in one round trip. */
export async function readAggregates(
  redis: Redis,
  compiled: CompiledAggregations,
  base: string,
  opts: ReadOptions,
): Promise<AggregateValue[]> {
  const plan = planRead(compiled, base, opts);
  const pipeline = redis.pipeline();
  for (const [cmd, ...args] of plan.commands) pipeline.call(cmd, ...args);
  const raw = (await pipeline.exec()) ?? [];
  const replies = raw.map(([err, reply]) => {
    if (err) throw new AggregateError(AggregateErrorCode.BAD_REPLY, `aggregate read failed: ${err.message}`);
    return reply;
  });
  return plan.decode(replies);
}
