// The write operations an event turns into. Handlers (built-in and plugins) produce them as plain
// data; the apply script runs all ops of a customer's new events atomically, in one round trip.

/** Set an attribute; the later event time wins (ties: the larger event id), whatever the arrival order. */
export interface AttrOp {
  op: 'attr';
  name: string;
  /** The value as JSON text (`JSON.stringify(value)`); `null` clears the attribute as of the event's time. */
  vj: string;
  source: string;
}

/** Store the event on the customer's timeline (newest-first reads, capped). */
export interface TimelineOp {
  op: 'event';
}

/**
 * A raw Redis command on a key under the customer's base: `args[1]` is the key *suffix*
 * (e.g. `agg:page_views_24h:29000000`), the script prefixes it with the hash-tagged base.
 * Only commands whose effect is keyed on that one key are allowed (HINCRBYFLOAT, ZADD, PFADD, ...).
 * Pass numbers as strings: Lua would reformat a number with %.17g (0.1 -> 0.10000000000000001).
 */
export interface CmdOp {
  op: 'cmd';
  args: [command: string, keySuffix: string, ...rest: string[]];
}

export type RedisOp = AttrOp | TimelineOp | CmdOp;

/** One event as the apply script sees it. */
export interface ApplyItem {
  id: string;
  /** Event time, ms since the epoch. */
  ts: number;
  /** The stored event JSON (for the timeline). */
  json: string;
  ops: RedisOp[];
}
