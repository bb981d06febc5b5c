// `context-gateway demo` and `demoOnEmpty`: the demo data set, through the normal ingestion path
// (validate, queue, apply), in batches, with progress. Plugins contribute events via `demo()`.
import { Progress } from '../cli/progress.ts';
import type { IngestResult } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { Gateway } from '../server/gateway.ts';
import { collectDemoEvents, type DemoOptions } from './collect.ts';

export { collectDemoEvents, type DemoOptions } from './collect.ts';
export type { DemoContext, DemoCustomer, DemoRandom } from './types.ts';

const BATCH = 500;

export interface RunDemoOptions extends DemoOptions {
  /** @default "default" */
  tenant?: string;
  /** A progress bar on stderr. @default true */
  progress?: boolean;
}

export async function runDemo(gateway: Gateway, o: RunDemoOptions = {}): Promise<IngestResult> {
  const tenant = o.tenant ?? 'default';
  const { events, bySource } = await collectDemoEvents(gateway.services.registry, o);
  const progress = o.progress === false ? undefined : new Progress(`demo (${[...bySource.keys()].join(', ')})`, events.length);
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH).map((value) => ({ ok: true as const, value }));
    const r = await gateway.services.ingestor.ingest(tenant, batch, { wait: true });
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.rejected.push(...r.rejected.map((x) => ({ ...x, index: x.index + i })));
    progress?.update(Math.min(events.length, i + BATCH), `${total.accepted} events`);
  }
  const customers = new Set(events.map((e) => e.customerId).filter(Boolean)).size;
  progress?.finish(`demo: ${customers} customers, ${total.accepted} events applied, ${total.duplicates} already there, ${total.rejected.length} rejected`);
  return total;
}

/** True when no event was ever applied for the tenant (its source statistics are empty). */
export async function tenantIsEmpty(gateway: Gateway, tenant = 'default'): Promise<boolean> {
  return (await gateway.services.stats.read(tenant)).size === 0;
}

/** `demoOnEmpty`: loads the demo when the default tenant has no data yet; never fails start-up. */
export async function demoIfEmpty(gateway: Gateway, log: Logger): Promise<void> {
  try {
    if (!(await tenantIsEmpty(gateway))) return;
    log.info('Redis holds no data for tenant "default": loading the demo data set (demoOnEmpty)');
    const r = await runDemo(gateway);
    log.info({ accepted: r.accepted, rejected: r.rejected.length }, 'demo data set loaded; try { customer(id: "cust-001") { profile } }');
  } catch (err) {
    log.error({ err }, 'loading the demo data set failed');
  }
}
