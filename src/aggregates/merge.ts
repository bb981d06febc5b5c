// Read-time merge: parses raw ZSET replies into tile state and folds the tiles of a window into a value.
import { AggregateError, AggregateErrorCode } from './errors.ts';
import type { AggFunction } from './spec.ts';

/** The partial aggregate of one tile (or of several merged). */
export interface TileState {
  n: number;
  s: number;
  /** Newest contributing event time. */
  t?: number;
  m?: number;
  k: Map<string, number>;
}

export const emptyState = (): TileState => ({ n: 0, s: 0, k: new Map() });

function flatPairs(reply: unknown): Array<[string, number]> {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) {
    throw new AggregateError(AggregateErrorCode.BAD_REPLY, 'expected a ZRANGE WITHSCORES reply');
  }
  const out: Array<[string, number]> = [];
  for (let i = 0; i < reply.length; i += 2) out.push([String(reply[i]), Number(reply[i + 1])]);
  return out;
}

/** `v` key members by tile tag: `n:<tile>`, `k:<tile>:<json>`, ... */
export function parseTiles(replies: readonly unknown[], into = new Map<string, TileState>()): Map<string, TileState> {
  for (const reply of replies) {
    for (const [member, score] of flatPairs(reply)) {
      const kind = member[0];
      const rest = member.slice(2);
      const cut = kind === 'k' ? rest.indexOf(':') : rest.length;
      const tag = rest.slice(0, cut);
      const st = into.get(tag) ?? emptyState();
      into.set(tag, st);
      if (kind === 'n') st.n = score;
      else if (kind === 's') st.s = score;
      else if (kind === 'm') st.m = score;
      else if (kind === 't' || kind === 'u') st.t = Math.max(st.t ?? -Infinity, kind === 'u' ? -score : score);
      else if (kind === 'k') st.k.set(rest.slice(cut + 1), score);
    }
  }
  return into;
}

/** Folds tiles into one state; min/max pick with `better`. */
export function mergeStates(states: Iterable<TileState>, fn: AggFunction): TileState {
  const out = emptyState();
  for (const st of states) {
    out.n += st.n;
    out.s += st.s;
    if (st.t !== undefined) out.t = Math.max(out.t ?? -Infinity, st.t);
    if (st.m !== undefined) out.m = out.m === undefined ? st.m : fn === 'min' ? Math.min(out.m, st.m) : Math.max(out.m, st.m);
    for (const [key, c] of st.k) out.k.set(key, (out.k.get(key) ?? 0) + c);
  }
  return out;
}

export interface TopEntry {
  value: unknown;
  count: number;
}

/** Highest counts first; ties by the value's JSON text, ascending. */
export function topK(counts: Map<string, number>, k: number): TopEntry[] {
  return [...counts]
    .sort(([ja, a], [jb, b]) => b - a || (ja < jb ? -1 : ja > jb ? 1 : 0))
    .slice(0, k)
    .map(([json, count]) => ({ value: JSON.parse(json) as unknown, count }));
}

/** The value of a numeric/topK state; `null` where nothing contributed. */
export function stateValue(fn: AggFunction, st: TileState, k: number): unknown {
  const none = st.t === undefined;
  switch (fn) {
    case 'count':
      return st.n;
    case 'sum':
      return none ? null : st.s;
    case 'avg':
      return none || st.n === 0 ? null : st.s / st.n;
    case 'min':
    case 'max':
      return st.m ?? null;
    case 'topK':
      return topK(st.k, k);
    default:
      return null;
  }
}

/** One event kept in an `e` key. */
export interface KeptEvent {
  ts: number;
  member: string;
  value: unknown;
}

export function parseEvents(reply: unknown): KeptEvent[] {
  return flatPairs(reply).map(([member, ts]) => ({ ts, member, value: (JSON.parse(member) as [string, unknown])[1] }));
}

/** ZSET order: score, then member bytes (what Redis uses to break ties). */
export const zsetOrder = (a: KeptEvent, b: KeptEvent): number =>
  a.ts - b.ts || Buffer.compare(Buffer.from(a.member), Buffer.from(b.member));

export const timed = (e: KeptEvent): { value: unknown; timestamp: string } => ({
  value: e.value,
  timestamp: new Date(e.ts).toISOString(),
});
