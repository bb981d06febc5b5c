// `context-gateway ingest FILE`: streams an NDJSON file of events through the normal ingestion
// path in batches, applying them (a worker runs in-process), with a progress bar.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import type { IngestResult, Rejection } from '../events/types.ts';
import type { RawItem } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import { createGateway } from '../server/gateway.ts';
import { Progress } from './progress.ts';

const BATCH = 1000;

export async function ingestFile(config: Config, log: Logger, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { tenant: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('ingest needs a FILE: context-gateway ingest events.ndjson [--tenant NAME]');
  const tenant = typeof values.tenant === 'string' ? values.tenant : 'default';
  const gateway = await createGateway(config, { logger: log.child({ level: 'warn' }), worker: true });
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const progress = new Progress(`ingest ${file}`, statSync(file).size);
  let bytes = 0;
  let line = 0;
  let batch: { item: RawItem; line: number }[] = [];
  const flush = async () => {
    const result = await gateway.services.ingestor.ingest(tenant, batch.map((b) => b.item), { wait: true });
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected.map((r): Rejection => ({ ...r, index: batch[r.index]?.line ?? r.index })));
    batch = [];
    progress.update(bytes, `${total.accepted} accepted, ${total.rejected.length} rejected`);
  };
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    if (!text.trim()) continue;
    try {
      batch.push({ item: { ok: true, value: JSON.parse(text) }, line });
    } catch (err) {
      batch.push({ item: { ok: false, code: 'INVALID_JSON', message: (err as Error).message }, line });
    }
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  await gateway.close();
  progress.finish(`${total.accepted} accepted, ${total.duplicates} duplicates, ${total.rejected.length} rejected`);
  for (const r of total.rejected.slice(0, 20)) process.stderr.write(`  line ${r.index}: ${r.code} ${r.id ?? ''} ${r.message}\n`);
  if (total.rejected.length > 20) process.stderr.write(`  … and ${total.rejected.length - 20} more\n`);
  process.exitCode = total.rejected.length ? 1 : 0;
}
