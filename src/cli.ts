// `context-gateway <command>`: serve (default), worker, ingest FILE, mcp, backfill, demo.
// Building the app lives in src/server/gateway.ts; this file only parses arguments and listens.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { ConfigError, PluginError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { ensureRedis } from './redis/connection.ts';
import { joinClusterMetrics, processCount, processIndex, superviseCopies } from './server/cluster.ts';
import { createGateway } from './server/gateway.ts';

const USAGE = `usage: context-gateway [command] [options]

commands:
  serve            GraphQL server and queue workers (default)
  worker           only the queue worker
  ingest FILE      send an NDJSON (or CSV with --plugin) file of events, with progress
  mcp              MCP server over stdio
  backfill         re-apply stored events to new aggregations
  demo             load the example data set

options:
  --config FILE    config file (else CONTEXT_GATEWAY_CONFIG, else ./context-gateway.config.{ts,js,json})
  --processes N    serve: server processes sharing the port, or "auto" for one per core
                   (else WEB_CONCURRENCY, else the config's processes; default 1)
  -h, --help       this text`;

async function serve(config: Config, log: Logger): Promise<void> {
  const count = processCount(config.processes);
  if (count > 1 && cluster.isPrimary) return superviseCopies(count, log);
  // In a copy of a multi-process server, copy 0 alone runs the queue worker and the demo loader.
  const index = processIndex();
  const first = index === undefined || index === 0;
  if (index !== undefined) log = log.child({ process: index });
  const shared = index === undefined ? undefined : joinClusterMetrics();
  const gateway = await createGateway(config, { logger: log, processMetrics: true, worker: first && config.queue.workerInProcess });
  if (shared) {
    shared.serve(gateway.metrics.registry);
    gateway.metrics.text = shared.text;
  }
  const server = createServer(gateway.handler);
  server.listen(config.port, () => first && log.info({ port: config.port }, `context-gateway listening on http://localhost:${config.port}/graphql`));
  if (config.demoOnEmpty && first) void (await import('./demo/index.ts')).demoIfEmpty(gateway, log);
  const stop = async () => {
    log.info('shutting down');
    server.close();
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function worker(config: Config, log: Logger): Promise<void> {
  const gateway = await createGateway(config, { logger: log, worker: true });
  log.info({ queue: config.queue.name }, 'worker running');
  const stop = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const commands: Record<string, (config: Config, log: Logger, args: string[]) => Promise<void>> = {
  serve,
  worker,
  ingest: async (config, log, args) => (await import('./cli/ingest.ts')).ingestFile(config, log, args),
  mcp: async (config, log) => (await import('./tools/stdio.ts')).serveStdio(config, log),
  demo: async (config, log, args) => (await import('./cli/demo.ts')).demo(config, log, args),
};

/** The arguments after the command name, without --config (options keep their values: `--plugin crm`). */
function subcommandArgs(argv: string[], name: string | undefined): string[] {
  const out: string[] = [];
  let seen = name === undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') i++;
    else if (a.startsWith('--config=')) continue;
    else if (!seen && a === name) seen = true;
    else out.push(a);
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { config: { type: 'string' }, processes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const [name = 'serve'] = positionals;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`context-gateway: unknown command "${name}"\n\n${USAGE}\n`);
    process.exit(2);
  }
  const env = { ...process.env };
  if (typeof values.config === 'string') env.CONTEXT_GATEWAY_CONFIG = values.config;
  if (typeof values.processes === 'string') env.WEB_CONCURRENCY = values.processes;
  const config = await loadConfig(env);
  // `mcp` speaks the protocol on stdout: its logs go to stderr.
  const log = createLogger(config.logLevel, name === 'mcp' ? process.stderr : undefined);
  await ensureRedis(config.redisUrl, config.autoStartRedis, log);
  await command(config, log, subcommandArgs(argv, positionals[0]));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Config and plugin problems are the user's to fix: one clear message, no stack trace.
  if (err instanceof ConfigError || err instanceof PluginError) {
    process.stderr.write(`context-gateway: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`context-gateway: ${(err as Error).message}\n`);
  process.exit(1);
});
