// The context benchmark's gateway, in a child process; tells the parent its port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { contextBenchConfig } from './common.ts';
import support from '../../plugins-examples/support/index.ts';
import { benchTravel } from './plugin.ts';

const gw = await createGateway(contextBenchConfig(false), {
  logger: createLogger('error'),
  worker: false,
  plugins: [{ plugin: benchTravel, options: { realtimeUrl: process.env.REALTIME_URL } }, { plugin: support, options: { knowledgeTenants: [] } }],
});
const server = createServer(gw.yoga);
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', async () => {
  server.close();
  await gw.close();
  process.exit(0);
});
