// One process of the ingest benchmark: `server` (HTTP only, enqueues) or `worker` (applies only).
// Tells the parent its port (server) or that it is ready; answers 'cpu' with its CPU time.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import clickstream from '../../plugins-examples/clickstream/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { ingestConfig } from './ingest-common.ts';

const kind = process.argv[2];
const gw = await createGateway(ingestConfig(), { logger: createLogger('error'), worker: kind === 'worker', plugins: [{ plugin: clickstream }] });
let port = 0;
const server = kind === 'server' ? createServer(gw.handler) : undefined;
if (server) port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
if (gw.worker) await gw.worker.waitUntilReady();
process.send!({ port });
process.on('message', (m) => {
  if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
  if (m === 'stop') void (async () => (server?.close(), await gw.close()))().finally(() => process.exit(0));
});
