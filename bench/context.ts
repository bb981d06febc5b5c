// `npm run bench:context`: p50/p99 of Customer.context(question, maxTokens: 1000) for customers
// with ~50 candidate items and a realtime source answering in 5 ms, at 16 concurrent requests.
// Candidates: 10 attributes, 30 described events, 4 aggregate values, 5 memory items, the support
// plugin's knowledge documents matching the question, and the realtime item.
// Baseline in the same run: `customer(id) { profile }` on the same server and concurrency.
// BENCH_PROCESSES=N serves from N processes, as `serve --processes N` does. Each row also prints
// the share of CPU time the hypervisor gave other guests meanwhile (steal): on this shared VM a
// run with much steal measured the host as much as the code.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { childCpu } from './lib/child-cpu.ts';
import { stealMeter } from './lib/steal.ts';
import { Redis } from 'ioredis';
import { createLogger } from '../src/logger.ts';
import { unlinkMatching } from '../src/redis/scan.ts';
import { createGateway } from '../src/server/gateway.ts';
import { PREFIX, QUEUE, contextBenchConfig, customerId } from './context/common.ts';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import support from '../plugins-examples/support/index.ts';
import { benchTravel } from './context/plugin.ts';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CUSTOMERS = env('BENCH_CUSTOMERS', 200);
const CONNECTIONS = env('BENCH_CONNECTIONS', 16);
const DURATION = env('BENCH_DURATION', 10);
const DELAY = env('REALTIME_DELAY_MS', 5);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
// BENCH_REUSE=1 keeps the data set (Redis keys and LanceDB directory) for the next run.
const REUSE = process.env.BENCH_REUSE === '1';
const lancedbDir = REUSE ? join(tmpdir(), 'cg-bench-context-reuse') : mkdtempSync(join(tmpdir(), 'cg-bench-context-'));
process.env.BENCH_LANCEDB_DIR = lancedbDir;

const CONTEXT = `query($id: ID!) { customer(id: $id) { context(question: "Which trips and flights should I know about before I rebook?", maxTokens: 1000${process.env.BENCH_SOURCES ? `, sources: ${process.env.BENCH_SOURCES}` : ""}) { tokens omitted items { kind } errors { source code } } } }`;
const PROFILE = `query($id: ID!) { customer(id: $id) { profile } }`;

async function removeKeys(): Promise<void> {
  const r = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  for (const pattern of [`${PREFIX}:*`, `bull:${QUEUE}:*`]) await unlinkMatching(r, pattern);
  r.disconnect();
}

/** 10 attributes, 30 described events, 5 memory items per customer (+ aggregates and realtime). */
async function seed(realtimeUrl: string): Promise<void> {
  // The support plugin publishes the airline's policies and FAQ (knowledge documents) at start.
  const gw = await createGateway(contextBenchConfig(true), { logger: createLogger('error'), worker: true, plugins: [{ plugin: benchTravel, options: { realtimeUrl } }, { plugin: support }] });
  const now = Date.now();
  const cities = ['Tokyo', 'Lisbon', 'Oslo', 'Lima', 'Cairo', 'Hanoi'];
  for (let c = 0; c < CUSTOMERS; c++) {
    const id = customerId(c);
    const attrs = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`attr${i}`, `value ${i} of ${id}`]));
    const events: unknown[] = [{ id: `${id}-p`, type: 'profile.updated', customerId: id, timestamp: new Date(now - 86_400_000).toISOString(), payload: { attributes: attrs } }];
    for (let i = 0; i < 30; i++) {
      const t = new Date(now - (i + 1) * 97_000).toISOString();
      events.push(
        i % 5 === 0
          ? { id: `${id}-b${i}`, type: 'booking.changed', customerId: id, timestamp: t, payload: { booking: `B${i % 3}`, flight: `LH${100 + i}` } }
          : { id: `${id}-t${i}`, type: 'trip.viewed', customerId: id, timestamp: t, payload: { destination: cities[i % cities.length], price: 300 + i } },
      );
    }
    await gw.services.ingestor.ingest('default', events.map((value) => ({ ok: true as const, value })), { wait: true });
    for (let m = 0; m < 5; m++) await gw.services.memory.remember(`${PREFIX}:{default:${id}}`, `preference ${m}: prefers ${cities[m]} in spring`, 'user', now - m * 1000);
    if (c % 20 === 0) process.stdout.write(`\rseeding ${c + 1}/${CUSTOMERS} customers`);
  }
  say(`\rseeded ${CUSTOMERS} customers`);
  for (let i = 0; i < 300; i++) {
    const res = await gw.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ knowledge(query: "refund", k: 1) { id } }' }) });
    if (((await res.json()) as { data?: { knowledge?: unknown[] } }).data?.knowledge?.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await gw.close();
}

/** Seeded with the same number of customers by an earlier BENCH_REUSE run. */
async function seeded(): Promise<boolean> {
  const r = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const n = await r.get(`${PREFIX}:bench:seeded`);
  r.disconnect();
  return REUSE && n === String(CUSTOMERS) && existsSync(lancedbDir);
}

async function markSeeded(): Promise<void> {
  const r = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await r.set(`${PREFIX}:bench:seeded`, String(CUSTOMERS));
  r.disconnect();
}


async function load(port: number, query: string) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ query, variables: { id: customerId(Math.floor(Math.random() * CUSTOMERS)) } }) }) }],
  });
  return { rps: r.requests.average, total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

const realtime = createServer((_req, res) => setTimeout(() => res.end(JSON.stringify({ city: 'Lisbon', temperature: 24 })), DELAY));
await new Promise<void>((r) => realtime.listen(0, '127.0.0.1', () => r()));
const realtimeUrl = `http://127.0.0.1:${(realtime.address() as AddressInfo).port}/current`;
const PROCESSES = env('BENCH_PROCESSES', 1);
say(`bench:context: ${CUSTOMERS} customers, ${CONNECTIONS} concurrent requests, ${DURATION} s per run, realtime source answering in ${DELAY} ms, ${PROCESSES} server process${PROCESSES > 1 ? 'es' : ''}`);
if (!(await seeded())) {
  await removeKeys();
  if (REUSE) rmSync(lancedbDir, { recursive: true, force: true });
  mkdirSync(lancedbDir, { recursive: true });
  await seed(realtimeUrl);
  if (REUSE) await markSeeded();
}
const child = fork(new URL('./context/server.ts', import.meta.url), [], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)], env: { ...process.env, REALTIME_URL: realtimeUrl, NODE_ENV: 'production' } });
const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
try {
  const sample = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CONTEXT.replace('kind }', 'kind text }'), variables: { id: customerId(3) } }) });
  const body = (await sample.json()) as { data: { customer: { context: { tokens: number; omitted: number; items: { kind: string }[]; errors: unknown[] } } } };
  const c = body.data.customer.context;
  say(`sample: ${c.items.length + c.omitted} candidates, ${c.items.length} packed into ${c.tokens} tokens, ${c.omitted} omitted, errors ${JSON.stringify(c.errors)}`);
  await load(port, CONTEXT);
  const measured = async (query: string, message: 'cpu' | 'profile') => {
    const before = await childCpu(child, message);
    const steal = stealMeter();
    const f = await load(port, query);
    return { ...f, steal: steal(), cpuUs: ((await childCpu(child, message)) - before) / Math.max(1, f.total) };
  };
  const base = await measured(PROFILE, 'cpu');
  const ctx = await measured(CONTEXT, 'profile');
  const row = (name: string, f: typeof ctx) =>
    say(`${name.padEnd(26)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(3)} ms   p99 ${String(f.p99).padStart(3)} ms   server CPU ${f.cpuUs.toFixed(0).padStart(5)} µs/req   ${f.steal}${f.errors ? `   ${f.errors} errors` : ''}`);
  say('');
  row('baseline customer{profile}', base);
  row('context(maxTokens: 1000)', ctx);
  say(`\ncontext p99 ${ctx.p99} ms   target <= 50 ms   ${ctx.p99 <= 50 ? 'PASS' : 'MISS'}   (context costs ${(base.rps / Math.max(1, ctx.rps)).toFixed(1)}x the baseline per request)`);
} finally {
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  realtime.close();
  if (!REUSE) {
    await removeKeys();
    rmSync(lancedbDir, { recursive: true, force: true });
  }
}
process.exit(0);
