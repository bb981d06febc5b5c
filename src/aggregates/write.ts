// Write path: the ops one event contributes to its tile (event time, never arrival time) and to
// the lifetime accumulator. They run inside the apply script, once per event id.
import type { CmdOp, RedisOp, ZKeepOp } from '../apply/ops.ts';
import type { CompiledAggregation, CompiledAggregations } from './compile.ts';
import type { AggEvent } from './spec.ts';
import { aggKeys, bucketOf, LIFE, tileEnd, tileOf, tileStart } from './tiles.ts';

/** Where one event's state goes: a tile inside a bucket key, or the lifetime accumulator. */
interface Slot {
  tag: string;
  v: string;
  e: string;
  h: string;
  /** ZSET score range of the tile, for zkeep. */
  min: string;
  max: string;
  /** PEXPIREAT of the v/e key and of the h key; none for lifetime. */
  expireAt?: string;
  hExpireAt?: string;
}

const cmd = (...args: [string, string, ...string[]]): CmdOp => ({ op: 'cmd', args });

function tileSlot(a: CompiledAggregation, ts: number, retentionMs: number): Slot {
  const tile = tileOf(ts, a.tileMs);
  const bucket = bucketOf(tile, a.tilesPerBucket);
  // A bucket key lives until its last tile has left the retention horizon.
  const bucketEnd = tileEnd((bucket + 1) * a.tilesPerBucket - 1, a.tileMs);
  return {
    tag: String(tile),
    v: aggKeys.v(a.name, bucket),
    e: aggKeys.e(a.name, bucket),
    h: aggKeys.h(a.name, tile),
    min: `(${tileStart(tile, a.tileMs)}`,
    max: String(tileEnd(tile, a.tileMs)),
    expireAt: String(bucketEnd + retentionMs),
    hExpireAt: String(tileEnd(tile, a.tileMs) + retentionMs),
  };
}

const lifeSlot = (a: CompiledAggregation): Slot => ({
  tag: LIFE,
  v: aggKeys.v(a.name, 'life'),
  e: aggKeys.e(a.name, 'life'),
  h: aggKeys.h(a.name, 'life'),
  min: '-inf',
  max: '+inf',
});

/** The state updates of one slot; `key` is the v or e key they write. */
function stateOps(a: CompiledAggregation, s: Slot, e: AggEvent, value: unknown): { ops: RedisOp[]; key: string } {
  const ts = String(e.timestamp);
  const newest = cmd('ZADD', s.v, 'GT', ts, `t:${s.tag}`);
  const x = typeof value === 'number' ? String(value) : '';
  switch (a.fn) {
    case 'count':
      return { key: s.v, ops: [cmd('ZINCRBY', s.v, '1', `n:${s.tag}`), newest] };
    case 'sum':
      return { key: s.v, ops: [cmd('ZINCRBY', s.v, x, `s:${s.tag}`), newest] };
    case 'avg':
      return { key: s.v, ops: [cmd('ZINCRBY', s.v, '1', `n:${s.tag}`), cmd('ZINCRBY', s.v, x, `s:${s.tag}`), newest] };
    case 'min': // -ts under LT keeps the newest time in the same command.
      return { key: s.v, ops: [cmd('ZADD', s.v, 'LT', x, `m:${s.tag}`, String(-e.timestamp), `u:${s.tag}`)] };
    case 'max':
      return { key: s.v, ops: [cmd('ZADD', s.v, 'GT', x, `m:${s.tag}`, ts, `t:${s.tag}`)] };
    case 'topK':
      return { key: s.v, ops: [cmd('ZINCRBY', s.v, '1', `k:${s.tag}:${JSON.stringify(value)}`), newest] };
    case 'distinct':
      return { key: s.v, ops: [cmd('PFADD', s.h, JSON.stringify(value)), newest] };
    default:
      return { key: s.e, ops: [cmd('ZADD', s.e, ts, JSON.stringify([e.id, value])), keepOp(a, s)] };
  }
}

function keepOp(a: CompiledAggregation, s: Slot): ZKeepOp {
  // first keeps the oldest (its value) and the newest (for STALE); last/lastN keep the newest n.
  const head = a.fn === 'first' ? 1 : 0;
  const tail = a.fn === 'first' ? 1 : a.n;
  return { op: 'zkeep', key: s.e, min: s.min, max: s.max, head, tail };
}

/**
 * Expiries ride on the op that reports a new tile (a ZADD that added `t:`/`m:`, or a zkeep that
 * found the tile empty), so a key gets its PEXPIREAT once, when created, not on every write.
 */
function slotOps(a: CompiledAggregation, s: Slot, e: AggEvent, value: unknown): RedisOp[] {
  const { ops, key } = stateOps(a, s, e, value);
  if (s.expireAt === undefined) return ops;
  const ex = [key, s.expireAt];
  if (a.fn === 'distinct' && s.hExpireAt !== undefined) ex.push(s.h, s.hExpireAt);
  const carrier = ops.find((op) => op.op === 'zkeep' || (op.op === 'cmd' && op.args[0] === 'ZADD' && op.args[1] === s.v));
  if (carrier && carrier.op !== 'attr' && carrier.op !== 'event') carrier.ex = ex;
  return ops;
}

/** The ops of one aggregation for one event (empty when the event does not count). */
export function aggregationOps(a: CompiledAggregation, e: AggEvent, retentionMs: number): RedisOp[] {
  const value = a.valueOf(e);
  if (value === undefined) return [];
  const ops = a.maxWindowMs > 0 ? slotOps(a, tileSlot(a, e.timestamp, retentionMs), e, value) : [];
  if (a.hasLifetime) ops.push(...slotOps(a, lifeSlot(a), e, value));
  return ops;
}

/** Every aggregate op of one event; customer-less events have none. */
export function opsFor(compiled: CompiledAggregations, event: AggEvent): RedisOp[] {
  if (event.customerId === null) return [];
  const specs = compiled.byType.get(event.type);
  if (!specs) return [];
  return specs.flatMap((a) => aggregationOps(a, event, compiled.retentionMs));
}
