// `serve --processes 2`: two copies share the port; events sent to either are applied (by copy 0's
// queue worker) and counted in one /metrics, which a copy still starting does not hold up; a copy
// that dies is restarted; SIGTERM stops them all.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { createRedis } from '../../src/redis/connection.ts';
import { unlinkMatching } from '../../src/redis/scan.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cg-cluster-'));
const id = randomUUID().slice(0, 8);
const prefix = `cgtest-cluster-${id}`;
const queue = `cgtest-cluster-q-${id}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const redis = createRedis(parseConfig({}).redisUrl, { enableAutoPipelining: false });
  for (const pattern of [`${prefix}:*`, `bull:${queue}:*`]) await unlinkMatching(redis, pattern);
  redis.disconnect();
});

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Pids of the primary's node children: the server copies (tsx may also run an esbuild child). */
const copiesOf = (pid: number): number[] =>
  execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'node')
    .map(([p]) => Number(p));

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const v = await fn().catch((err: unknown) => void (last = err));
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function serve(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const file = join(dir, `config-${randomUUID().slice(0, 6)}.json`);
  writeFileSync(file, JSON.stringify({ logLevel: 'info', keyPrefix: prefix, queue: { name: queue }, vectorStore: { dir: join(dir, 'lancedb') } }));
  const child = spawn(process.execPath, ['bin/context-gateway.js', 'serve', '--config', file, ...args], { cwd: root, env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, output: () => out };
}

describe('serve --processes', () => {
  it('serves from two processes, applies and counts events sent to either, restarts a dead copy, stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, exited, output } = serve(['--processes', '2'], { PORT: String(port) });
    try {
      const base = `http://127.0.0.1:${port}`;
      await until('the server', async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
      const copies = await until('two copies', async () => {
        const pids = copiesOf(child.pid!);
        if (pids.length !== 2) throw new Error(`children ${pids.join(', ') || 'none'}`);
        return pids;
      });

      // Separate connections, so the primary hands them to both copies in turn.
      const customer = `c-${id}`;
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${base}/v1/events?wait=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify([{ id: `e-${id}-${i}`, type: 'profile.updated', customerId: customer, timestamp: new Date(Date.now() - 1000 + i).toISOString(), payload: { attributes: { n: i } } }]),
        });
        expect(res.status).toBe(200);
      }
      const profile = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ query: `{ customer(id: "${customer}") { profile } }` }),
      });
      expect(((await profile.json()) as { data: { customer: { profile: { n: number } } } }).data.customer.profile.n).toBe(5);
      // Every copy's counters, summed by the primary, whichever copy answers the scrape.
      for (let i = 0; i < 3; i++) {
        const metrics = await (await fetch(`${base}/metrics`, { headers: { connection: 'close' } })).text();
        expect(metrics).toMatch(/cg_events_ingested_total\{outcome="accepted"\} 6\b/);
        expect(metrics).toMatch(/cg_events_applied_total\{outcome="applied"\} 6\b/);
      }

      process.kill(copies[1]!, 'SIGKILL');
      await until('a restarted copy', async () => {
        const now = copiesOf(child.pid!);
        return now.length === 2 && !now.includes(copies[1]!) ? now : undefined;
      });
      // The new copy takes seconds to load: a scrape meanwhile sums the copies that listen, at once.
      const starting = await fetch(`${base}/metrics`, { headers: { connection: 'close' } });
      expect(starting.status).toBe(200);
      expect(await starting.text()).toMatch(/cg_events_applied_total\{outcome="applied"\} 6\b/);
      await until('answers after the restart', async () => ((await fetch(`${base}/readyz`, { headers: { connection: 'close' } })).ok ? true : undefined));
      expect(output()).toMatch(/server process exited; restarting it/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(copies.filter((pid) => isAlive(pid))).toEqual([]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${output()}`);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('stops with exit code 1 when a copy fails before it listens (the port is taken)', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, () => resolve((taken.address() as { port: number }).port)));
    try {
      const { exited, output } = serve(['--processes', '2'], { PORT: String(port) });
      expect(await exited).toBe(1);
      expect(output()).toMatch(/a server process failed before it listened; stopping/);
      expect(output()).toMatch(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('refuses a bad process count with a message naming the setting', async () => {
    const { exited, output } = serve([], { WEB_CONCURRENCY: 'lots' });
    expect(await exited).toBe(2);
    expect(output()).toMatch(/processes: must be a whole number from 1 to 256, or "auto"/);
  }, 60_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
