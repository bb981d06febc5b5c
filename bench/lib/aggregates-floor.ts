// The ingest benchmark's floor: the Redis writes the gateway makes for a batch of events, sent
// as one raw ioredis pipeline — no HTTP, no queue, no Lua, no dedupe. The gateway is compared to it.
import type { Redis } from 'ioredis';
import { compileAggregations, opsFor, type AggEvent, type AggregationSpec, type CompiledAggregations } from '../../src/aggregates/index.ts';
import { customerBase, keyOf, K } from '../../src/redis/keys.ts';

/** Three aggregations per `page.viewed` event, as in the clickstream example. */
export const FLOOR_SPECS: AggregationSpec[] = [
  { name: 'topics_1h', eventTypes: ['page.viewed'], function: 'topK', field: 'topic', k: 5, windows: ['1h'] },
  { name: 'page_views_24h', eventTypes: ['page.viewed'], function: 'count', windows: ['24h'] },
  { name: 'last_pages', eventTypes: ['page.viewed'], function: 'lastN', field: 'url', n: 5, windows: ['24h'] },
];

export interface FloorOptions {
  prefix: string;
  tenant: string;
  /** Also insert each event into the seen set and the timeline, as the apply script does. @default true */
  eventLog?: boolean;
}

export const compileFloorSpecs = (retentionMs: number): CompiledAggregations =>
  compileAggregations(FLOOR_SPECS, { retentionMs });

/** Queues one event's writes; zkeep becomes its range read (the rare trim ZREM is left out). */
function queueEvent(p: ReturnType<Redis['pipeline']>, compiled: CompiledAggregations, e: AggEvent, o: FloorOptions): number {
  const base = customerBase(o.prefix, o.tenant, e.customerId ?? '');
  let n = 0;
  if (o.eventLog ?? true) {
    p.zadd(keyOf(base, K.seen), e.timestamp, e.id);
    p.zadd(keyOf(base, K.events), e.timestamp, JSON.stringify(e));
    n += 2;
  }
  for (const op of opsFor(compiled, e)) {
    if (op.op === 'cmd') {
      const [cmd, suffix, ...rest] = op.args;
      p.call(cmd, keyOf(base, suffix), ...rest);
    } else if (op.op === 'zkeep') p.call('zrange', keyOf(base, op.key), op.min, op.max, 'BYSCORE');
    else continue;
    n++;
  }
  return n;
}

/** Writes one batch in one round trip; returns the number of commands sent. */
export async function writeFloor(redis: Redis, compiled: CompiledAggregations, events: AggEvent[], o: FloorOptions): Promise<number> {
  const p = redis.pipeline();
  let n = 0;
  for (const e of events) n += queueEvent(p, compiled, e, o);
  await p.exec();
  return n;
}
