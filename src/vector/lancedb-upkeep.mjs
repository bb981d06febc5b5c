// One upkeep run of a LanceDB table, in a child process of lancedb-maintenance.ts: build or rebuild
// the vector index, compact, fold new rows into the indexes, prune old versions. In the serving
// process these held its writes up: an upsert waited 25 s for an index build at 100k rows, and the
// compaction due after a (re)build (every fragment merged, the index rewritten to match) held the
// write chain 6-8 s at 50k rows (docs/vector-stores.md, "Maintenance").
// Plain JavaScript, so it runs with bare `node` however the parent was started.
// argv: <dir> <table> <JSON Job>; prints one JSON Report line.
//   Job: { build?: HnswSqOptions, rebuild?: { over: number, with: HnswSqOptions }, cleanupOlderThanMs: number }
//   Report: { built, rebuilt, deltas, compaction?, compactionError? }
import process from 'node:process';
import * as lancedb from '@lancedb/lancedb';

const VECTOR_INDEX = 'vector_idx';
const [dir, tableName, json] = process.argv.slice(2);
try {
  const job = JSON.parse(json);
  const db = await lancedb.connect(dir);
  const table = await db.openTable(tableName);
  const report = { built: false, rebuilt: false, deltas: 0 };
  if (job.build) {
    await buildIndex(table, job.build);
    report.built = true;
  }
  Object.assign(report, await optimize(table, job));
  report.deltas = await deltas(table);
  if (!report.built && job.rebuild && report.deltas > job.rebuild.over) {
    await buildIndex(table, job.rebuild.with);
    report.rebuilt = true;
    Object.assign(report, await optimize(table, job));
    report.deltas = await deltas(table);
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  table.close();
  db.close();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

function buildIndex(table, options) {
  return table.createIndex('vector', { config: lancedb.Index.hnswSq(options), replace: true });
}

async function deltas(table) {
  return (await table.indexStats(VECTOR_INDEX))?.numIndices ?? 0;
}

/**
 * The server's writes go on meanwhile. Appends never conflict with a compaction; a delete or update
 * of rows in the fragments being merged wins, and the compaction is tried again on the newest
 * version. Still failing, it is reported; the server retries at its next upkeep.
 */
async function optimize(table, job) {
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await table.checkoutLatest();
      const stats = await table.optimize({ cleanupOlderThan: new Date(Date.now() - job.cleanupOlderThanMs) });
      return { compaction: stats.compaction, compactionError: undefined };
    } catch (err) {
      last = err;
      if (!/conflict/i.test(String(err?.message))) break;
    }
  }
  return { compactionError: last instanceof Error ? last.message : String(last) };
}
