// `context-gateway demo [--tenant T] [--seed N] [--customers N] [--days N]`: loads the demo data set.
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { runDemo } from '../demo/index.ts';
import type { Logger } from '../logger.ts';
import { createGateway } from '../server/gateway.ts';

const int = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${String(v)}`);
  return n;
};

export async function demo(config: Config, log: Logger, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { tenant: { type: 'string' }, seed: { type: 'string' }, customers: { type: 'string' }, days: { type: 'string' } },
  });
  const gateway = await createGateway(config, { logger: log.child({ level: 'warn' }), worker: true });
  try {
    const result = await runDemo(gateway, { tenant: values.tenant, seed: int(values.seed, 'seed'), customers: int(values.customers, 'customers'), days: int(values.days, 'days') });
    for (const r of result.rejected.slice(0, 10)) process.stderr.write(`  event ${r.id ?? r.index}: ${r.code} ${r.message}\n`);
    process.exitCode = result.rejected.length ? 1 : 0;
  } finally {
    await gateway.close();
  }
}
