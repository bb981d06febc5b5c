// Micro-benchmark of the apply script alone: 1000-event jobs over many customers, the clickstream
// floor's 3 aggregations, pipelined like the Applier does. Prints events/s and Redis CPU per event
// (`INFO cpu` delta, so other clients' load on the same Redis counts too).
// Usage: node --import tsx bench/lib/apply-micro.ts   (APPLY_EVENTS, APPLY_CUSTOMERS)
import { Redis } from 'ioredis';
import { opsFor } from '../../src/aggregates/index.ts';
import type { ApplyItem } from '../../src/apply/ops.ts';
import * as script from '../../src/apply/script.ts';
import { customerBase } from '../../src/redis/keys.ts';
import { compileFloorSpecs } from './aggregates-floor.ts';

const N = Number(process.env.APPLY_EVENTS ?? 100_000);
const C = Number(process.env.APPLY_CUSTOMERS ?? 10_000);
const B = 1000;
const PREFIX = 'cgbench-apply-micro';
const r = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
script.defineApply(r);
const compiled = compileFloorSpecs(48 * 3600_000);
const now = Date.now();
const limits = { eventCap: 1000, historyCap: 1000, horizon: now - 48 * 3600_000, now };

// The script's queueing function changed signature; accept the older per-base one for "before" runs.
type Queue = (p: ReturnType<Redis['pipeline']>, groups: { base: string; items: ApplyItem[] }[]) => void;
const queue: Queue = (p, groups) => {
  const f = script.applyOnPipeline as unknown as (...a: unknown[]) => void;
  if (f.length === 4) for (const g of groups) f(p, g.base, g.items, limits);
  else {
    const callsOf = (script as unknown as { callsOf: (g: unknown[], one: boolean) => unknown[][] }).callsOf;
    for (const call of callsOf(groups, false)) f(p, call, limits);
  }
};

const cpu = async (): Promise<number> => {
  const info = await r.info('cpu');
  const get = (k: string): number => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return get('used_cpu_sys') + get('used_cpu_user');
};

const cpu0 = await cpu();
const t0 = performance.now();
for (let i = 0; i < N; i += B) {
  const groups = new Map<string, { base: string; items: ApplyItem[] }>();
  for (let j = 0; j < B; j++) {
    const n = i + j;
    const e = { id: `e${n}`, type: 'page.viewed', source: 'web', customerId: `c${(n * 7919) % C}`, timestamp: now - (n % 3600) * 1000, payload: { url: `/p${j % 50}`, topic: `t${j % 12}` } };
    const base = customerBase(PREFIX, 't', e.customerId);
    const g = groups.get(base) ?? { base, items: [] };
    groups.set(base, g);
    g.items.push({ id: e.id, ts: e.timestamp, json: JSON.stringify(e), ops: [{ op: 'event' }, ...opsFor(compiled, e)] });
  }
  const p = r.pipeline();
  queue(p, [...groups.values()]);
  await p.exec();
}
const s = (performance.now() - t0) / 1000;
const redisUs = ((await cpu()) - cpu0) * 1e6 / N;
console.log(`apply-micro: ${N} events over ${C} customers: ${(N / s).toFixed(0)} events/s, Redis CPU ${redisUs.toFixed(1)} µs/event`);
let cur = '0';
do {
  const [next, keys] = await r.scan(cur, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
  if (keys.length) await r.unlink(...keys);
  cur = next;
} while (cur !== '0');
r.disconnect();
