// `npm run bench:serve`: seeds customers through ingestion, then load-tests the gateway, a plain
// node:http + ioredis floor and Apollo Server on the same query, each server in its own process.
import { fork, type ChildProcess } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { childCpu } from './lib/child-cpu.ts';
import { Redis } from 'ioredis';
import { createLogger } from '../src/logger.ts';
import { unlinkMatching } from '../src/redis/scan.ts';
import { createGateway } from '../src/server/gateway.ts';
import { PREFIX, QUERY, QUEUE, benchConfig, customerId } from './lib/common.ts';
import { seed } from './lib/seed.ts';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CUSTOMERS = env('BENCH_CUSTOMERS', 1000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 32);
const DURATION = env('BENCH_DURATION', 10);
const WARMUP = env('BENCH_WARMUP', 3);
/** BENCH_REUSE=1 keeps the data set between runs (skips seeding when present, skips cleanup). */
const REUSE = process.env.BENCH_REUSE === '1';
const KINDS = (process.env.BENCH_ONLY ?? 'floor,gateway,apollo').split(',') as Kind[];

type Kind = 'floor' | 'gateway' | 'apollo';
interface Figures {
  rps: number;
  /** Server CPU time per request, µs. */
  cpuUs: number;
  /** CPU time per request of the load generator (this process) and of Redis, µs. */
  clientUs: number;
  redisUs: number;
  p50: number;
  p99: number;
  errors: number;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const config = benchConfig(true);

async function removeKeys(): Promise<void> {
  const r = new Redis(config.redisUrl);
  for (const pattern of [`${PREFIX}:*`, `bull:${QUEUE}:*`]) await unlinkMatching(r, pattern);
  r.disconnect();
}

async function seeded(): Promise<boolean> {
  const r = new Redis(config.redisUrl);
  const n = await r.exists(`${PREFIX}:{default:${customerId(CUSTOMERS - 1)}}:meta`);
  r.disconnect();
  return n === 1;
}

async function prepare(): Promise<void> {
  if (REUSE && (await seeded())) return say(`reusing the seeded data set under ${PREFIX}:*`);
  await removeKeys();
  const gw = await createGateway(config, { logger: createLogger('error'), worker: true });
  await seed(gw, { customers: CUSTOMERS, attributes: 10, events: 50, perRequest: 50 }, say);
  await gw.close();
}

function startServer(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./lib/server.ts', import.meta.url), [kind], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const body = (id: string) => JSON.stringify({ query: QUERY, variables: { id } });
const randomBody = () => body(customerId(Math.floor(Math.random() * CUSTOMERS)));

async function fetchOne(port: number, id: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(id) });
  return res.json();
}

/** Redis's own CPU time so far (INFO cpu), µs. */
async function redisCpu(): Promise<number> {
  const r = new Redis(config.redisUrl);
  const info = await r.info('cpu');
  r.disconnect();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}


async function load(port: number, duration: number): Promise<Omit<Figures, 'cpuUs' | 'clientUs' | 'redisUs'> & { total: number }> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: randomBody() }) }],
  });
  return { rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

async function measure(kind: Kind, reference: { value?: unknown }): Promise<Figures> {
  const { child, port } = await startServer(kind);
  try {
    const sample = await fetchOne(port, customerId(7));
    reference.value ??= sample;
    if (!isDeepStrictEqual(sample, reference.value)) throw new Error(`${kind} answers differently: ${JSON.stringify(sample).slice(0, 300)}`);
    await load(port, WARMUP);
    const [cpuBefore, redisBefore, clientBefore] = [await childCpu(child), await redisCpu(), process.cpuUsage()];
    const { total, ...run } = await load(port, DURATION);
    const client = process.cpuUsage(clientBefore);
    const per = (us: number) => us / Math.max(1, total);
    const figures = {
      ...run,
      cpuUs: per((await childCpu(child)) - cpuBefore),
      clientUs: per(client.user + client.system),
      redisUs: per((await redisCpu()) - redisBefore),
    };
    const us = (n: number) => n.toFixed(0).padStart(4);
    say(
      `${kind.padEnd(8)} ${figures.rps.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50).padStart(3)} ms   p99 ${String(figures.p99).padStart(3)} ms` +
        `   CPU µs/req: server ${us(figures.cpuUs)}  autocannon ${us(figures.clientUs)}  redis ${us(figures.redisUs)}${figures.errors ? `   ${figures.errors} errors` : ''}`,
    );
    return figures;
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

function verdicts(f: Partial<Record<Kind, Figures>>): void {
  const { gateway, floor, apollo } = f;
  if (!gateway) return;
  const row = (what: string, value: string, target: string, ok: boolean) => say(`${what.padEnd(22)} ${value.padStart(8)}   target ${target.padEnd(8)} ${ok ? 'PASS' : 'MISS'}`);
  say('');
  if (floor) row('gateway / floor', `${((gateway.rps / floor.rps) * 100).toFixed(1)}%`, '>= 35%', gateway.rps >= 0.35 * floor.rps);
  if (apollo) row('gateway / apollo', `${(gateway.rps / apollo.rps).toFixed(2)}x`, '>= 1.5x', gateway.rps >= 1.5 * apollo.rps);
  row('gateway p99', `${gateway.p99} ms`, '<= 20 ms', gateway.p99 <= 20);
}

say(`bench:serve: ${CUSTOMERS} customers x (10 attributes, 50 events); ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s each`);
await prepare();
say(`query: ${QUERY}\n`);
const figures: Partial<Record<Kind, Figures>> = {};
const reference: { value?: unknown } = {};
try {
  for (const kind of KINDS) figures[kind] = await measure(kind, reference);
  verdicts(figures);
} finally {
  if (!REUSE) await removeKeys();
}
// BullMQ and ioredis may keep handles for a moment after close; the run is over.
process.exit(0);
