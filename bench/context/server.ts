// The context benchmark's gateway, in a child process; tells the parent its port.
// BENCH_PROCESSES=N (N > 1): this process becomes a node:cluster primary with N copies sharing the
// port, as `context-gateway serve --processes N` runs (src/server/cluster.ts); CPU is summed over all.
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { contextBenchConfig } from './common.ts';
import support from '../../plugins-examples/support/index.ts';
import { benchTravel } from './plugin.ts';
import { startProfiler } from '../lib/profiler.ts';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1);

if (PROCESSES > 1 && cluster.isPrimary) await primary();
else await copy();

async function copy(): Promise<void> {
  const gw = await createGateway(contextBenchConfig(false), {
    logger: createLogger('error'),
    worker: false,
    plugins: [{ plugin: benchTravel, options: { realtimeUrl: process.env.REALTIME_URL } }, { plugin: support, options: { knowledgeTenants: [] } }],
  });
  const server = createServer(gw.handler);
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  // BENCH_CPU_PROF=<dir>: a .cpuprofile of the measured context window (between two 'profile' messages).
  const profiler = process.env.BENCH_CPU_PROF ? await startProfiler(process.env.BENCH_CPU_PROF, `context-${process.pid}`) : undefined;
  process.on('message', async (m) => {
    // CPU time (µs, user + system) gives the cost per request, which the shared cores disturb less than req/s.
    if (m === 'cpu' || m === 'profile') {
      if (m === 'profile') await profiler?.toggle();
      process.send!({ cpu: process.cpuUsage() });
      return;
    }
    server.close();
    await gw.close();
    process.exit(0);
  });
}

/** Forks the copies, tells the parent their shared port, and sums their CPU when asked. */
async function primary(): Promise<void> {
  const copies: Worker[] = [];
  const ports = await Promise.all(
    Array.from({ length: PROCESSES }, () => {
      const w = cluster.fork();
      copies.push(w);
      return new Promise<number>((resolve) => w.once('message', (m: { port: number }) => resolve(m.port)));
    }),
  );
  process.send!({ port: ports[0] });
  const ask = (w: Worker, m: string) => new Promise<NodeJS.CpuUsage>((resolve) => {
    w.once('message', (r: { cpu: NodeJS.CpuUsage }) => resolve(r.cpu));
    w.send(m);
  });
  process.on('message', async (m) => {
    if (m === 'cpu' || m === 'profile') {
      // The copies' CPU summed with the primary's own, in process.cpuUsage()'s shape.
      const each = await Promise.all(copies.map((w) => ask(w, m as string)));
      const cpu = each.reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), process.cpuUsage());
      process.send!({ cpu });
      return;
    }
    for (const w of copies) w.send('stop');
    await Promise.all(copies.map((w) => new Promise((r) => w.once('exit', r))));
    process.exit(0);
  });
}
