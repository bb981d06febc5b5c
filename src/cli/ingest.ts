// `context-gateway ingest FILE [--plugin NAME] [--tenant T]`: streams a file through the normal
// ingestion path in batches, applying them (a worker runs in-process), with a progress bar.
// Without --plugin each NDJSON line is an event; with it, each record (a CSV row or an NDJSON
// object) goes through the plugin's `importRecord`.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { PluginError } from '../errors.ts';
import type { IngestResult, Rejection } from '../events/types.ts';
import type { RawItem } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import type { PluginDefinition } from '../plugins/types.ts';
import { createGateway, type Gateway } from '../server/gateway.ts';
import { Progress } from './progress.ts';
import { formatOf, readRecords, type FileRecord } from './records.ts';

const BATCH = 1000;

type Importer = (rec: FileRecord & { ok: true }) => RawItem[];

function importerOf(gateway: Gateway, name: string | undefined, file: string): Importer {
  if (!name) {
    if (formatOf(file) === 'csv') throw new Error(`${file}: a CSV holds records, not events; name the plugin that reads it, e.g. --plugin crm`);
    return (rec) => [{ ok: true, value: rec.value }];
  }
  const plugin = gateway.services.registry.byName(name);
  if (!plugin) throw new PluginError(name, `is not loaded; loaded: ${gateway.services.registry.plugins.map((p) => p.name).join(', ')}`);
  const def = plugin.def as PluginDefinition<unknown, unknown>;
  if (!def.importRecord) throw new PluginError(name, 'has no importRecord, so it cannot read export files');
  const now = Date.now();
  return (rec) => {
    if (typeof rec.value !== 'object' || rec.value === null || Array.isArray(rec.value)) return [{ ok: false, code: 'INVALID_RECORD', message: 'a record must be an object' }];
    try {
      const out = def.importRecord!(rec.value as Record<string, unknown>, { options: plugin.options, line: rec.line, now });
      return (Array.isArray(out) ? out : out ? [out] : []).map((value) => ({ ok: true, value }));
    } catch (err) {
      return [{ ok: false, code: 'INVALID_RECORD', message: (err as Error).message }];
    }
  };
}

export async function ingestFile(config: Config, log: Logger, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { tenant: { type: 'string' }, plugin: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('ingest needs a FILE: context-gateway ingest events.ndjson [--tenant NAME] | ingest customers.csv --plugin crm');
  const tenant = typeof values.tenant === 'string' ? values.tenant : 'default';
  const size = statSync(file).size;
  const gateway = await createGateway(config, { logger: log.child({ level: 'warn' }), worker: true });
  try {
    const toItems = importerOf(gateway, typeof values.plugin === 'string' ? values.plugin : undefined, file);
    const total = await ingestRecords(gateway, tenant, file, size, toItems);
    report(total);
  } finally {
    await gateway.close();
  }
}

async function ingestRecords(gateway: Gateway, tenant: string, file: string, size: number, toItems: Importer): Promise<IngestResult> {
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const progress = new Progress(`ingest ${file}`, size);
  let bytes = 0;
  let batch: { item: RawItem; line: number }[] = [];
  const flush = async () => {
    const result = await gateway.services.ingestor.ingest(tenant, batch.map((b) => b.item), { wait: true });
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected.map((r): Rejection => ({ ...r, index: batch[r.index]?.line ?? r.index })));
    batch = [];
    progress.update(bytes, `${total.accepted} accepted, ${total.rejected.length} rejected`);
  };
  for await (const rec of readRecords(file, (n) => (bytes += n))) {
    const items: RawItem[] = rec.ok ? toItems(rec) : [{ ok: false, code: rec.code, message: rec.message }];
    for (const item of items) batch.push({ item, line: rec.line });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  progress.finish(`${total.accepted} accepted, ${total.duplicates} duplicates, ${total.rejected.length} rejected`);
  return total;
}

function report(total: IngestResult): void {
  for (const r of total.rejected.slice(0, 20)) process.stderr.write(`  line ${r.index}: ${r.code} ${r.id ?? ''} ${r.message}\n`);
  if (total.rejected.length > 20) process.stderr.write(`  … and ${total.rejected.length - 20} more\n`);
  process.exitCode = total.rejected.length ? 1 : 0;
}
