// The apply script's arguments: a flat array of strings that Lua reads by position, sent as one
// MessagePack argument (cmsgpack.unpack in the script is C; cjson.decode of nested JSON cost more
// than the writes it carried, and thousands of separate ARGV strings cost the client more than the
// packing: bench/lib/apply-micro.ts).
import { Packr } from 'msgpackr';
import type { ApplyItem, RedisOp } from './ops.ts';

const packr = new Packr({ useRecords: false });

export interface ApplyLimits {
  /** Events kept on a customer's timeline. @default 1000 */
  eventCap: number;
  /** Attribute versions kept per customer for asOf reads. @default 5000 */
  historyCap: number;
  /** Event time (ms) at or before which aggregate updates are refused: now - retention. */
  horizon: number;
  now: number;
}

/** One key base and its new events, applied in order. */
export interface ApplyGroup {
  base: string;
  items: ApplyItem[];
}

const hasCmd = (ops: RedisOp[]): boolean => ops.some((op) => op.op === 'cmd' || op.op === 'zkeep');

function pushEx(out: string[], ex: string[] | undefined): void {
  out.push(String(ex?.length ?? 0));
  if (ex) for (const x of ex) out.push(x);
}

/** Appends one op; an op kind the script does not know is left out, as the script ignored it. */
function pushOp(out: string[], op: RedisOp): void {
  switch (op.op) {
    case 'event':
      out.push('e');
      return;
    case 'attr':
      out.push('a', op.name, op.vj, op.source);
      return;
    case 'cmd':
      out.push('c', String(op.args.length));
      for (const a of op.args) out.push(String(a));
      pushEx(out, op.ex);
      return;
    case 'zkeep':
      out.push('k', op.key, op.min, op.max, String(op.head), String(op.tail));
      pushEx(out, op.ex);
      return;
  }
}

function pushItem(out: string[], item: ApplyItem): void {
  out.push(item.id, String(item.ts), item.json, hasCmd(item.ops) ? '1' : '0', '');
  const spanAt = out.length - 1;
  for (const op of item.ops) pushOp(out, op);
  out[spanAt] = String(out.length - spanAt - 1);
}

/** KEYS and the single packed argument of one script call over the given groups (each base distinct). */
export function encodeApply(groups: ApplyGroup[], limits: ApplyLimits): { keys: string[]; arg: Buffer } {
  const { keys, argv } = flatArgs(groups, limits);
  return { keys, arg: packr.pack(argv) };
}

/** The script's positional arguments, unpacked (what `A` holds in apply.lua). */
function flatArgs(groups: ApplyGroup[], limits: ApplyLimits): { keys: string[]; argv: string[] } {
  const argv = [String(limits.eventCap), String(limits.historyCap), String(limits.horizon), String(limits.now)];
  for (const g of groups) {
    argv.push(String(g.items.length));
    for (const item of g.items) pushItem(argv, item);
  }
  return { keys: groups.map((g) => g.base), argv };
}
