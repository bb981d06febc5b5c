// The context benchmark's gateway, in a child process; tells the parent its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { contextBenchConfig } from './common.ts';
import support from '../../plugins-examples/support/index.ts';
import { benchTravel } from './plugin.ts';
import { startProfiler } from '../lib/profiler.ts';

const gw = await createGateway(contextBenchConfig(false), {
  logger: createLogger('error'),
  worker: false,
  plugins: [{ plugin: benchTravel, options: { realtimeUrl: process.env.REALTIME_URL } }, { plugin: support, options: { knowledgeTenants: [] } }],
});
const server = createServer(gw.handler);
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
// BENCH_CPU_PROF=<dir>: a .cpuprofile of the measured context window (between two 'profile' messages).
const profiler = process.env.BENCH_CPU_PROF ? await startProfiler(process.env.BENCH_CPU_PROF, 'context') : undefined;
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
