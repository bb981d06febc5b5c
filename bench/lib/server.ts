// One benchmark server in a child process: `gateway`, `floor` or `apollo`. Tells the parent its port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { startApollo } from './apollo.ts';
import { benchConfig } from './common.ts';
import { createFloor } from './floor.ts';
import { startProfiler } from './profiler.ts';

const kind = process.argv[2];
const config = benchConfig(false);

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

async function start(): Promise<{ port: number; stop: () => Promise<void> }> {
  if (kind === 'floor') {
    const server = createFloor(config.redisUrl);
    return { port: await listen(server), stop: () => new Promise((r) => server.close(() => r())) };
  }
  const gw: Gateway = await createGateway(config, { logger: createLogger('error'), worker: false });
  if (kind === 'apollo') {
    const apollo = await startApollo(gw, 0);
    return { port: Number(new URL(apollo.url).port), stop: async () => (await apollo.stop(), await gw.close()) };
  }
  if (kind !== 'gateway') throw new Error(`unknown server kind ${kind}`);
  const server = createServer(gw.handler);
  return { port: await listen(server), stop: async () => (server.close(), await gw.close()) };
}

const { port, stop } = await start();
process.send!({ port });
// BENCH_CPU_PROF=<dir>: a .cpuprofile of the measured window (between the two 'cpu' messages).
const profiler = process.env.BENCH_CPU_PROF ? await startProfiler(process.env.BENCH_CPU_PROF, kind ?? 'server') : undefined;

process.on('message', (m) => {
  // CPU time (µs, user + system) lets the parent report cost per request, which the shared cores
  // disturb less than req/s.
  if (m === 'cpu') void profiler?.toggle().then(() => process.send!({ cpu: process.cpuUsage() }));
  if (m === 'cpu' && !profiler) process.send!({ cpu: process.cpuUsage() });
  if (m === 'stop') void stop().finally(() => process.exit(0));
});
