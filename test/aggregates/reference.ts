// Brute-force reference over raw events: no tiles, no Redis. It shares only the declaration's
// matcher/extractor (valueOf) and the documented rounding: a read at t covers the window ending at
// t rounded up to the aggregation's tile, (end - W, end]; a lifetime read at an explicit asOf
// answers only when no contributing event is newer than asOf.
import type { AggEvent, AggregateValue, CompiledAggregation, CompiledAggregations } from '../../src/aggregates/index.ts';

interface Contribution {
  ts: number;
  id: string;
  value: unknown;
  member: string;
}

export interface ReferenceStream {
  /** Events in the order they were applied (duplicates included). */
  applied: AggEvent[];
  /** Events at or before this time were refused (too old). */
  horizon: number;
}

/** The events the gateway keeps: first occurrence of an id, newer than the horizon. */
export function keptEvents(s: ReferenceStream): AggEvent[] {
  const seen = new Set<string>();
  return s.applied.filter((e) => {
    if (e.timestamp <= s.horizon || seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
}

const byZset = (a: Contribution, b: Contribution): number =>
  a.ts - b.ts || Buffer.compare(Buffer.from(a.member), Buffer.from(b.member));

const timed = (c: Contribution) => ({ value: c.value, timestamp: new Date(c.ts).toISOString() });

function topK(cs: Contribution[], k: number): Array<{ value: unknown; count: number }> {
  const counts = new Map<string, number>();
  for (const c of cs) counts.set(JSON.stringify(c.value), (counts.get(JSON.stringify(c.value)) ?? 0) + 1);
  return [...counts]
    .sort(([ja, a], [jb, b]) => b - a || (ja < jb ? -1 : ja > jb ? 1 : 0))
    .slice(0, k)
    .map(([json, count]) => ({ value: JSON.parse(json) as unknown, count }));
}

/** Exact value over the contributions; distinct is the exact cardinality. */
function compute(a: CompiledAggregation, cs: Contribution[]): unknown {
  const nums = cs.map((c) => c.value as number);
  const sorted = [...cs].sort(byZset);
  switch (a.fn) {
    case 'count': return cs.length;
    case 'sum': return nums.reduce((x, y) => x + y, 0);
    case 'avg': return nums.reduce((x, y) => x + y, 0) / nums.length;
    case 'min': return Math.min(...nums);
    case 'max': return Math.max(...nums);
    case 'distinct': return new Set(cs.map((c) => JSON.stringify(c.value))).size;
    case 'topK': return topK(cs, a.n);
    case 'lastN': return sorted.reverse().slice(0, a.n).map(timed);
    case 'first': return timed(sorted[0]!);
    case 'last': return timed(sorted.at(-1)!);
  }
}

const empty = (a: CompiledAggregation): unknown =>
  a.fn === 'count' || a.fn === 'distinct' ? 0 : a.fn === 'lastN' || a.fn === 'topK' ? [] : null;

function one(a: CompiledAggregation, all: Contribution[], label: string, ms: number | null, t: number, hasAsOf: boolean): AggregateValue {
  const end = Math.ceil(t / a.tileMs) * a.tileMs;
  const cs = ms === null ? all : all.filter((c) => c.ts > end - ms && c.ts <= end);
  const out = { name: a.name, function: a.fn, window: label, asOf: new Date(t) };
  const newest = cs.length ? Math.max(...cs.map((c) => c.ts)) : undefined;
  if (ms === null && hasAsOf && newest !== undefined && newest > t) {
    const first = [...cs].sort(byZset)[0]!;
    if (a.fn === 'first' && first.ts > t) return { ...out, value: null, status: 'MISSING' };
    return { ...out, value: empty(a), status: 'MISSING', reason: 'LIFETIME_ASOF_BEFORE_NEWEST_EVENT' };
  }
  if (newest === undefined) return { ...out, value: empty(a), status: 'MISSING' };
  const stale = a.ttlMs !== null && t - newest > a.ttlMs;
  return { ...out, value: compute(a, cs), status: stale ? 'STALE' : 'FRESH' };
}

/** What `readAggregates` must answer for these events. */
export function referenceRead(
  compiled: CompiledAggregations,
  stream: ReferenceStream,
  opts: { names?: string[]; asOfMs?: number; nowMs: number },
): AggregateValue[] {
  const events = keptEvents(stream);
  const specs = opts.names ? opts.names.flatMap((n) => compiled.list.filter((a) => a.name === n)) : compiled.list;
  const t = opts.asOfMs ?? opts.nowMs;
  return specs.flatMap((a) => {
    const all = events
      .filter((e) => e.customerId !== null && a.eventTypes.includes(e.type))
      .flatMap((e) => {
        const value = a.valueOf(e);
        return value === undefined ? [] : [{ ts: e.timestamp, id: e.id, value, member: JSON.stringify([e.id, value]) }];
      });
    return a.windows.map((w) => one(a, all, w.label, w.ms, t, opts.asOfMs !== undefined));
  });
}
