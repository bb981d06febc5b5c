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
  /**
   * `[keySuffix, atMs, ...]`: PEXPIREAT each key when the command's reply is a number above 0 (e.g. a
   * ZADD that added a member), so an expiry is set once when a tile is created, not on every write.
   */
  ex?: string[];
}

/**
 * Caps one ZSET's members with score in [min, max] (Redis range syntax, e.g. `(1000` exclusive, `-inf`)
 * to the `head` lowest and `tail` highest scored, in ZSET order. Aggregates use it to keep only the
 * first/last events of one tile; no single Redis command can trim a score range by rank.
 */
export interface ZKeepOp {
  op: 'zkeep';
  /** The key suffix under the base, like CmdOp's. */
  key: string;
  min: string;
  max: string;
  head: number;
  tail: number;
  /** Like CmdOp's `ex`, applied when the range held only the member just added (a new tile). */
  ex?: string[];
}

export type RedisOp = AttrOp | TimelineOp | CmdOp | ZKeepOp;

/** One event as the apply script sees it. */
export interface ApplyItem {
  id: string;
  /** Event time, ms since the epoch. */
  ts: number;
  /** The stored event JSON (for the timeline). */
  json: string;
  ops: RedisOp[];
}
